package io.fapiao.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/** What a sandbox vendor answers. */
public record SandboxResponse(int status, String contentType, byte[] body) {

    /** A simulator's answer to a request; a defect in the simulator answers 500, as a server would. */
    public static SandboxResponse answer(Function<SandboxRequest, SandboxResponse> handler, SandboxRequest request) {
        try {
            return handler.apply(request);
        } catch (RuntimeException e) {
            return text(500, "sandbox error: " + e.getMessage());
        }
    }

    public static SandboxResponse json(String json) {
        return json(200, json);
    }

    public static SandboxResponse json(int status, String json) {
        return new SandboxResponse(status, "application/json;charset=UTF-8", json.getBytes(StandardCharsets.UTF_8));
    }

    public static SandboxResponse text(int status, String text) {
        return new SandboxResponse(status, "text/plain;charset=UTF-8", text.getBytes(StandardCharsets.UTF_8));
    }

    public static SandboxResponse pdf(byte[] pdf) {
        return new SandboxResponse(200, "application/pdf", pdf);
    }
}
