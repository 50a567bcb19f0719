package org.jamesmsa.launcher;

import java.nio.file.Path;
import java.util.Optional;

import javax.inject.Inject;
import javax.servlet.http.HttpServletResponse;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.ErrorResponder.ErrorType;
import org.jamesmsa.mailets.DkimKey;
import org.jamesmsa.mailets.DkimKeys;
import org.jamesmsa.mailets.FolderDkimKeys;
import org.jamesmsa.mailets.SharedDkimKeys;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import spark.Service;

/**
 * The DKIM record to publish for a local domain, from the key the server signs with (its folder, or the database the
 * nodes share), in webadmin.properties {@code extensions.routes}; {@code james-msa admin dkim record DOMAIN} prints it:
 * <pre>
 * GET /msa/dkim/{domain}   {"domain": ..., "selector": ..., "record": "&lt;selector&gt;._domainkey.&lt;domain&gt;. IN TXT (...)",
 *                           "ed25519": {"selector": ..., "record": ...}}
 * </pre>
 * A domain that is not local is 404: no key is made for it.
 */
public class DkimRoutes implements Routes {
    public static final String BASE_PATH = "/msa/dkim";
    /** Where the packaged conf has DkimSigning keep its keys: {@code keyDirectory} in mailetcontainer.xml. */
    static FolderDkimKeys packagedFolder(Path msaHome) {
        return new FolderDkimKeys(msaHome.resolve("dkim"), FolderDkimKeys.DEFAULT_SELECTOR);
    }

    private final DomainList domains;
    private final DkimKeys keys;
    private final ObjectMapper json = new ObjectMapper();

    @Inject
    public DkimRoutes(DomainList domains, Optional<SharedDkimKeys> shared) {
        this.domains = domains;
        FolderDkimKeys folder = packagedFolder(Path.of(System.getProperty("msa.home", ".")));
        this.keys = shared.map(store -> store.over(folder)).orElse(folder);
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH + "/:domain", (request, response) -> {
            Domain domain = Domain.of(request.params("domain"));
            if (!domains.containsDomain(domain)) {
                throw ErrorResponder.builder().statusCode(HttpServletResponse.SC_NOT_FOUND).type(ErrorType.NOT_FOUND)
                    .message(domain.asString() + " is not a local domain: it has no DKIM key").haltError();
            }
            DkimKey key = keys.inUse(domain.asString(), DkimKey.Algorithm.RSA);
            DkimKey ed25519 = keys.inUse(domain.asString(), DkimKey.Algorithm.ED25519);
            response.type("application/json");
            ObjectNode answer = json.createObjectNode().put("domain", domain.asString()).put("selector", key.selector())
                .put("record", key.publishedRecord(domain.asString()).strip());
            answer.putObject("ed25519").put("selector", ed25519.selector()).put("record", ed25519.publishedRecord(domain.asString()).strip());
            return answer.toString();
        });
    }
}
