package io.fapiao.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fapiao.sandbox.SandboxRequest;
import io.fapiao.sandbox.SandboxResponse;
import io.fapiao.sandbox.SandboxServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Stands in front of a yun2 simulator and writes down what reached it: how many calls of each path, and which order
 * numbers every FPKJ and SHKP carried — so a test can tell "sent once" from "answered with the existing invoice". It can also
 * answer a call itself (a fault) before the simulator sees it.
 */
public final class Yun2Recorder implements Function<SandboxRequest, SandboxResponse> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Function<SandboxRequest, SandboxResponse> vendor;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> fpkj = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> shkp = new ConcurrentHashMap<>();
    private final List<Function<SandboxRequest, SandboxResponse>> faults = new ArrayList<>();

    public Yun2Recorder(Function<SandboxRequest, SandboxResponse> vendor) {
        this.vendor = vendor;
    }

    /** A server on a free port of this machine whose {@code /yun2} path this recorder answers; the caller closes it. */
    public SandboxServer serve() {
        try {
            return new SandboxServer(0, Map.of("yun2", this));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the yun2 server", e);
        }
    }

    /** A fault: answers a request itself when it returns non-null; tried before the simulator, in order. */
    public synchronized Yun2Recorder fault(Function<SandboxRequest, SandboxResponse> fault) {
        faults.add(fault);
        return this;
    }

    @Override
    public SandboxResponse apply(SandboxRequest request) {
        calls.computeIfAbsent(request.path(), k -> new AtomicInteger()).incrementAndGet();
        List<Function<SandboxRequest, SandboxResponse>> now;
        synchronized (this) {
            now = List.copyOf(faults);
        }
        for (Function<SandboxRequest, SandboxResponse> f : now) {
            SandboxResponse answer = f.apply(request);
            if (answer != null) {
                return answer;
            }
        }
        SandboxResponse answer = vendor.apply(request);
        // a call refused for its token (Code 2001-2009) did nothing: only the others count as sent
        String body = new String(answer.body(), StandardCharsets.UTF_8);
        if (request.path().equals("/API/KPGL/FPKJ") && !body.matches("(?s).*\"Code\"\\s*:\\s*\"?200[1-9].*")) {
            for (String xtlsh : orderNumbers(request)) {
                fpkj.computeIfAbsent(xtlsh, k -> new AtomicInteger()).incrementAndGet();
            }
        }
        if (request.path().equals("/API/KPGL/SHKP") && !body.matches("(?s).*\"Code\"\\s*:\\s*\"?200[1-9].*")) {
            for (String xtlsh : orderNumbers(request)) {
                shkp.computeIfAbsent(xtlsh, k -> new AtomicInteger()).incrementAndGet();
            }
        }
        return answer;
    }

    /** Calls of a path (e.g. {@code /API/KPGL/KPJG}) that reached the recorder. */
    public int calls(String path) {
        AtomicInteger n = calls.get(path);
        return n == null ? 0 : n.get();
    }

    /** FPKJ calls the simulator took in (not refused for their token) carrying this order number. */
    public int sent(String orderNo) {
        AtomicInteger n = fpkj.get(orderNo);
        return n == null ? 0 : n.get();
    }

    /** Every order number that reached the simulator in an FPKJ, with how often. */
    public Map<String, Integer> sent() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        fpkj.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** SHKP calls (sent back to issuing) the simulator took in carrying this order number. */
    public int resubmitted(String orderNo) {
        AtomicInteger n = shkp.get(orderNo);
        return n == null ? 0 : n.get();
    }

    /** Every order number that reached the simulator in an SHKP, with how often. */
    public Map<String, Integer> resubmitted() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        shkp.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    private static List<String> orderNumbers(SandboxRequest request) {
        List<String> out = new ArrayList<>();
        String data = request.form().getOrDefault("data", "");
        if (data.startsWith("[") && data.endsWith("]")) {
            try {
                JsonNode orders = JSON.readTree(new String(Base64.getDecoder().decode(data.substring(1, data.length() - 1)),
                        StandardCharsets.UTF_8));
                orders.forEach(o -> out.add(o.path("XTLSH").asText()));
            } catch (Exception e) {
                // not an FPKJ the simulator would accept either
            }
        }
        return out;
    }

    /** A JSON answer, as yun2 gives them. */
    public static SandboxResponse json(String body) {
        return SandboxResponse.json(body);
    }
}
