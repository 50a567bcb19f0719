package org.jamesmsa.settings;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.apache.commons.configuration2.Configuration;
import org.apache.mailet.MailetConfig;

/**
 * The settings of one component of the bundle, wherever they are written: a handler's {@code <handler>} element in
 * smtpserver.xml, a mailet's parameters in mailetcontainer.xml, or keys of james-msa.properties. Built with the names
 * the component knows, it refuses any other name at once (a misspelled element would otherwise be ignored and leave
 * a default, a weaker policy among them); every value is read through a {@link ValueType}. Every refusal is an
 * {@link InvalidSettingException} whose message names the file, the setting, the value and what is allowed.
 */
public final class Settings {
    /** Parameters James gives every mailet (GenericMailet's error handling). */
    private static final Set<String> MAILET_ERROR_PARAMETERS = Set.of("onMailetException", "onMatchException");

    private final String file;
    private final String component;
    private final Function<String, String> lookup;
    private final boolean elements;

    private Settings(String file, String component, Function<String, String> lookup, boolean elements) {
        this.file = file;
        this.component = component;
        this.lookup = lookup;
        this.elements = elements;
    }

    /** The child elements of a {@code <handler>} element of smtpserver.xml. */
    public static Settings ofHandler(Configuration handler, Class<?> type, Collection<String> allowed) {
        return ofElements(handler, "smtpserver.xml", "handler " + type.getSimpleName(), allowed);
    }

    /** The child elements of the root of a configuration file of its own, such as recipientrewritetable.xml. */
    public static Settings ofXml(Configuration root, String file, Collection<String> allowed) {
        return ofElements(root, file, "<" + file.replaceFirst("\\.xml$", "") + ">", allowed);
    }

    private static Settings ofElements(Configuration parent, String file, String component, Collection<String> allowed) {
        Settings settings = new Settings(file, component, name -> parent.getString(name, null), true);
        settings.refuseUnknown(topLevelNames(parent.getKeys()), allowed);
        return settings;
    }

    /** The parameters of a mailet in mailetcontainer.xml (James's own error-handling parameters are always known). */
    public static Settings ofMailet(MailetConfig mailet, Collection<String> allowed) {
        Settings settings = new Settings("mailetcontainer.xml", "mailet " + mailet.getMailetName(), mailet::getInitParameter, true);
        Set<String> present = new LinkedHashSet<>();
        mailet.getInitParameterNames().forEachRemaining(present::add);
        present.removeAll(MAILET_ERROR_PARAMETERS);
        settings.refuseUnknown(present, allowed);
        return settings;
    }

    /**
     * Keys of a properties file of the configuration folder, such as james-msa.properties. James reads these files
     * with a comma as list separator: a value with commas is read back whole, entries joined by commas.
     */
    public static Settings ofProperties(Configuration properties, String file, Collection<String> allowed) {
        Settings settings = new Settings(file, file,
            key -> properties.containsKey(key) ? String.join(",", properties.getStringArray(key)) : null, false);
        Set<String> present = new LinkedHashSet<>();
        properties.getKeys().forEachRemaining(present::add);
        settings.refuseUnknown(present, allowed);
        return settings;
    }

    private void refuseUnknown(Set<String> present, Collection<String> allowed) {
        for (String name : present) {
            if (!allowed.contains(name)) {
                throw new InvalidSettingException(file + ": " + (elements ? "<" + name + ">" : name) + " is not a setting of "
                    + component + "; allowed names: " + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }

    /** {@code tls.clientAuth} and {@code [@class]} are the element {@code tls} and an attribute. */
    private static Set<String> topLevelNames(Iterator<String> keys) {
        Set<String> names = new LinkedHashSet<>();
        keys.forEachRemaining(key -> {
            if (!key.startsWith("[@")) {
                int end = key.length();
                for (char separator : new char[] {'.', '['}) {
                    int at = key.indexOf(separator);
                    if (at >= 0) {
                        end = Math.min(end, at);
                    }
                }
                names.add(key.substring(0, end));
            }
        });
        return names;
    }

    /** The value, or {@code defaultValue} when the setting is absent or empty. */
    public <T> T get(String name, ValueType<T> type, T defaultValue) {
        return optional(name, type).orElse(defaultValue);
    }

    /** The value, or empty when the setting is absent or empty. */
    public <T> Optional<T> optional(String name, ValueType<T> type) {
        return raw(name).map(raw -> type.parse(raw).orElseThrow(() -> invalid(name, raw, "allowed values: " + type.allowed())));
    }

    /** The value of a setting that must be given. */
    public <T> T required(String name, ValueType<T> type) {
        return optional(name, type).orElseThrow(() -> new InvalidSettingException(file + ": " + shown(name)
            + " is required; allowed values: " + type.allowed()));
    }

    /**
     * The text as written (interpolated), or empty when absent or blank. A variable left unresolved (a system
     * property nobody set) is refused: taken as written, {@code ${sys:msa.x}} would become a folder name or a
     * password.
     */
    public Optional<String> raw(String name) {
        Optional<String> text = Optional.ofNullable(lookup.apply(name)).filter(value -> !value.isBlank());
        text.filter(value -> value.contains("${")).ifPresent(value -> {
            throw invalid(name, value, "it names a variable that is not set (start James with the launcher, "
                + "or write the value itself)");
        });
        return text;
    }

    /** A value the type accepted but the component cannot use (a folder it cannot write, an unknown resolver...). */
    public InvalidSettingException invalid(String name, String raw, String why) {
        return new InvalidSettingException(file + ": " + shown(name) + " has value '" + raw + "'; " + why);
    }

    /** {@code <budget> of handler ClientValidationHook}; a properties key is its own name. */
    private String shown(String name) {
        return elements ? "<" + name + "> of " + component : name;
    }
}
