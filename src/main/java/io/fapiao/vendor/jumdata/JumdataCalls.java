package io.fapiao.vendor.jumdata;

/** The Java side of {@code vendor-jumdata.camel.yaml}: where a call goes, and what it sends. */
public final class JumdataCalls {

    private final String baseUrl;

    /** @param baseUrl {@code vendor.jumdata.base-url}, e.g. {@code https://api.jumdata.com} */
    public JumdataCalls(String baseUrl) {
        this.baseUrl = baseUrl == null ? "" : baseUrl.strip();
    }

    public boolean configured() {
        return !baseUrl.isEmpty();
    }

    public String url(JumdataForms.Request request) {
        return request.url(baseUrl);
    }

    public String body(JumdataForms.Request request) {
        return request.body();
    }
}
