package io.fapiao.sandbox.yun2;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fapiao.sandbox.SandboxResponse;

/** yun2's answers: JSON with {@code Result} ("1" ok, "0" failed) and {@code Message} first. */
final class Yun2Answer {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/json;charset=UTF-8";

    private Yun2Answer() {
    }

    static ObjectNode ok(String message) {
        ObjectNode n = JSON.createObjectNode();
        n.put("Result", "1").put("Message", message);
        return n;
    }

    static ObjectNode fail(String message) {
        ObjectNode n = JSON.createObjectNode();
        n.put("Result", "0").put("Message", message);
        return n;
    }

    /** An answer with a {@code Code}: 2001–2009 ask for a new token, 100 a call error. */
    static ObjectNode fail(String code, String message) {
        ObjectNode n = fail(message);
        n.put("Code", code);
        return n;
    }

    /**
     * The answer to a {@code spid} no enterprise of the account has. The document does not give this answer; a
     * failed call naming the spid is what the service plausibly says.
     */
    static ObjectNode unknownSpid(String spid) {
        return spid.isEmpty() ? fail("spid不能为空") : fail("spid不存在：" + spid);
    }

    static SandboxResponse response(ObjectNode answer) {
        try {
            return new SandboxResponse(200, CONTENT_TYPE, JSON.writeValueAsBytes(answer));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
