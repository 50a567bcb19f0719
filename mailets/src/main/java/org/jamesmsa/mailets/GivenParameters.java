package org.jamesmsa.mailets;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.mailet.MailetConfig;
import org.apache.mailet.MailetContext;

/** A mailet configuration made in code, for the James mailets this bundle drives with parameters of its own. */
final class GivenParameters implements MailetConfig {
    private final String name;
    private final MailetContext context;
    private final Map<String, String> parameters;

    GivenParameters(String name, MailetContext context, Map<String, String> parameters) {
        this.name = name;
        this.context = context;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    @Override
    public String getInitParameter(String parameter) {
        return parameters.get(parameter);
    }

    @Override
    public Iterator<String> getInitParameterNames() {
        return parameters.keySet().iterator();
    }

    @Override
    public MailetContext getMailetContext() {
        return context;
    }

    @Override
    public String getMailetName() {
        return name;
    }
}
