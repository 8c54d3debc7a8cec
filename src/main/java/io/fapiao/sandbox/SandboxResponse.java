package io.fapiao.sandbox;

import java.nio.charset.StandardCharsets;

/** What a sandbox vendor answers. */
public record SandboxResponse(int status, String contentType, byte[] body) {

    public static SandboxResponse json(String json) {
        return new SandboxResponse(200, "application/json;charset=UTF-8", json.getBytes(StandardCharsets.UTF_8));
    }

    public static SandboxResponse text(int status, String text) {
        return new SandboxResponse(status, "text/plain;charset=UTF-8", text.getBytes(StandardCharsets.UTF_8));
    }

    public static SandboxResponse pdf(byte[] pdf) {
        return new SandboxResponse(200, "application/pdf", pdf);
    }
}
