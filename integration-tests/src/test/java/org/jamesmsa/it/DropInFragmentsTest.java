package org.jamesmsa.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The drop-in fragments (docs/drop-in) are copies of the packaged conf's handler chains and mailets for operators of
 * stock James: this fails when one is edited and not the other. The fragments leave out only what the packaged server runs behind
 * HAProxy (TrustedProxies, ConnectionsPerClient in place of James's per-IP limit) and James's own handlers, which a
 * stock chain already has.
 */
class DropInFragmentsTest {
    private static final Path ROOT = Path.of(System.getProperty("msa.cluster.dir")).getParent();
    private static final List<String> PACKAGED_ONLY = List.of("org.jamesmsa.smtp.proxy.TrustedProxies",
        "org.jamesmsa.smtp.limits.ConnectionsPerClient");
    private static final Pattern HANDLER = Pattern.compile("<handler class=\"(org\\.jamesmsa\\.[^\"]+)\"");
    private static final Pattern MAILET = Pattern.compile("<mailet match=\"([^\"]+)\" class=\"([^\"]+)\"");

    /** The bundle's mailets, as "matcher -> mailet", in order: those whose matcher or mailet is the bundle's. */
    private static List<String> mailets(String xml) {
        List<String> mailets = new ArrayList<>();
        Matcher matcher = MAILET.matcher(xml.replaceAll("(?s)<!--.*?-->", ""));
        while (matcher.find()) {
            if (matcher.group(1).startsWith("org.jamesmsa.") || matcher.group(2).startsWith("org.jamesmsa.")) {
                mailets.add(matcher.group(1) + " -> " + matcher.group(2));
            }
        }
        return mailets;
    }

    /** A processor of the packaged conf/mailetcontainer.xml. */
    private static String processor(String state) throws Exception {
        Matcher processor = Pattern.compile("(?s)<processor state=\"" + state + "\".*?</processor>")
            .matcher(Files.readString(ROOT.resolve("conf/mailetcontainer.xml")));
        assertThat(processor.find()).as("processor " + state + " in conf/mailetcontainer.xml").isTrue();
        return processor.group();
    }

    private static List<String> handlers(String xml) {
        List<String> classes = new ArrayList<>();
        Matcher matcher = HANDLER.matcher(xml.replaceAll("(?s)<!--.*?-->", ""));
        while (matcher.find()) {
            if (!PACKAGED_ONLY.contains(matcher.group(1))) {
                classes.add(matcher.group(1));
            }
        }
        return classes;
    }

    /** The handler chain of the packaged listener whose jmxName is given. */
    private static String chain(String jmxName) throws Exception {
        String conf = Files.readString(ROOT.resolve("conf/smtpserver.xml"));
        Matcher server = Pattern.compile("(?s)<smtpserver [^>]*>(?:(?!</smtpserver>).)*<jmxName>" + jmxName
            + "</jmxName>.*?</smtpserver>").matcher(conf);
        assertThat(server.find()).as("listener " + jmxName + " in conf/smtpserver.xml").isTrue();
        return server.group();
    }

    @Test
    void theMxFragmentIsTheMxListenersChain() throws Exception {
        assertThat(handlers(Files.readString(ROOT.resolve("docs/drop-in/smtpserver-mx.xml"))))
            .isNotEmpty().containsExactlyElementsOf(handlers(chain("smtpserver-mx")));
    }

    @Test
    void theSubmissionFragmentIsEachSubmissionListenersChain() throws Exception {
        List<String> fragment = handlers(Files.readString(ROOT.resolve("docs/drop-in/smtpserver-submission.xml")));
        assertThat(fragment).isNotEmpty().containsExactlyElementsOf(handlers(chain("smtpserver-submission")));
        assertThat(fragment).containsExactlyElementsOf(handlers(chain("smtpserver-submissions")));
    }

    @Test
    void theRootFragmentHasThePackagedRootProcessorsMailets() throws Exception {
        assertThat(mailets(Files.readString(ROOT.resolve("docs/drop-in/mailetcontainer-root.xml"))))
            .isNotEmpty().containsExactlyElementsOf(mailets(processor("root")));
    }

    @Test
    void theTransportFragmentIsThePackagedTransportProcessorsFirstMailet() throws Exception {
        List<String> fragment = mailets(Files.readString(ROOT.resolve("docs/drop-in/mailetcontainer-transport.xml")));
        assertThat(fragment).isNotEmpty().containsExactlyElementsOf(mailets(processor("transport")).subList(0, fragment.size()));
        String transport = processor("transport").replaceAll("(?s)<!--.*?-->", "");
        assertThat(transport.substring(transport.indexOf("<mailet "))).as("before any other mailet of transport")
            .startsWith("<mailet match=\"org.jamesmsa.mailets.SuspendedSender\"");
    }
}
