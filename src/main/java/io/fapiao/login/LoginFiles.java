package io.fapiao.login;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fapiao.api.ApiException;
import io.fapiao.ledger.LoginSession;
import io.fapiao.order.OrderJsonReader;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Logins for those without a browser: the QR code to scan as {@code outbox/login/<vendor>-<taxId>.png} while one is
 * shown, the session's state as {@code outbox/login/<vendor>-<taxId>.json}, and an SMS code taken from a file
 * {@code inbox/login/<vendor>-<taxId>.sms} (the route {@code login-sms-file} deletes it after use). The code is
 * never logged, kept or written anywhere.
 */
public final class LoginFiles {

    private static final Logger LOG = LoggerFactory.getLogger(LoginFiles.class);
    private static final Pattern SMS_FILE = Pattern.compile("(?i)([a-z0-9]+)-([0-9A-Za-z]{15,20})\\.sms");
    /** An SMS code file is a few characters; anything longer is not one. */
    private static final int MAX_SMS_FILE = 200;

    private final Path folder;
    private final Supplier<Logins> logins;
    /** The QR content each picture was drawn from, so a picture is drawn again only for a new QR code. */
    private final java.util.Map<Path, String> drawn = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param outbox the bundle's outbox: files go to its {@code login/} folder */
    public LoginFiles(Path outbox, Supplier<Logins> logins) {
        this.folder = outbox.resolve("login");
        this.logins = logins;
    }

    public Path qrFile(String vendor, String taxId) {
        return folder.resolve(vendor + "-" + taxId + ".png");
    }

    public Path stateFile(String vendor, String taxId) {
        return folder.resolve(vendor + "-" + taxId + ".json");
    }

    /** The files follow the session: the QR picture while a QR code is shown (else none), and the state. */
    public void sync(LoginSession s) {
        try {
            Path png = qrFile(s.vendor(), s.sellerTaxId());
            if (s.state() == LoginState.QR_READY && !s.qrContent().isEmpty()) {
                if (!Files.exists(png) || !s.qrContent().equals(drawn.get(png))) {
                    write(png, QrPng.png(s.qrContent()));
                    drawn.put(png, s.qrContent());
                }
            } else {
                Files.deleteIfExists(png);
                drawn.remove(png);
            }
            if (s.method() == null && !s.down()) {
                return; // a session nobody logged in to and nothing held: no file to look at
            }
            ObjectNode n = OrderJsonReader.MAPPER.createObjectNode();
            n.put("vendor", s.vendor()).put("seller", s.sellerTaxId()).put("state", s.state().name())
                    .put("message", s.message()).put("loggedOut", s.down());
            n.put("lastConfirmed", s.confirmedAt() == null ? null : s.confirmedAt().toString());
            n.put("notBefore", s.notBefore() == null ? null : s.notBefore().toString());
            byte[] state = n.toPrettyString().getBytes(StandardCharsets.UTF_8);
            Path file = stateFile(s.vendor(), s.sellerTaxId());
            if (!Files.exists(file) || !java.util.Arrays.equals(Files.readAllBytes(file), state)) {
                write(file, state);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Login files of seller {} at {} could not be written ({})", s.sellerTaxId(), s.vendor(),
                    e.getClass().getSimpleName());
        }
    }

    /**
     * An SMS code file from {@code inbox/login/}: named {@code <vendor>-<taxId>.sms}, the code on its first line. The
     * route deletes it afterwards whatever happened; this never throws, so it is never taken again.
     */
    public void smsFile(Exchange exchange) {
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Matcher m = SMS_FILE.matcher(name == null ? "" : name);
        if (!m.matches()) {
            LOG.warn("inbox/login/{}: not named <vendor>-<taxId>.sms (e.g. yun2-91310115MA1K4B2X34.sms); deleted unread",
                    safe(name));
            return;
        }
        String vendor = m.group(1).toLowerCase(Locale.ROOT);
        String taxId = m.group(2).toUpperCase(Locale.ROOT);
        String code;
        try (InputStream in = exchange.getIn().getBody(InputStream.class)) {
            byte[] bytes = in == null ? new byte[0] : in.readNBytes(MAX_SMS_FILE + 1);
            String text = bytes.length > MAX_SMS_FILE ? "" : new String(bytes, StandardCharsets.UTF_8)
                    .replace("\uFEFF", "").strip();
            code = text.lines().findFirst().orElse("").strip();
        } catch (IOException e) {
            LOG.warn("inbox/login/{}: could not be read; deleted", safe(name));
            return;
        }
        try {
            Logins.Answer a = logins.get().submitSms(vendor, taxId, code);
            LOG.info("inbox/login/{}: SMS code given to {} for seller {}: {} - {}; the file is deleted", safe(name), vendor,
                    taxId, a.state(), a.message());
        } catch (ApiException e) {
            LOG.warn("inbox/login/{}: {}; the file is deleted", safe(name), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("inbox/login/{}: the SMS code could not be given ({}); the file is deleted", safe(name),
                    e.getClass().getSimpleName());
        }
    }

    private static String safe(String name) {
        String n = name == null ? "" : name.replaceAll("[^\\w.\\-]", "_");
        return n.length() > 80 ? n.substring(0, 80) : n;
    }

    private static void write(Path target, byte[] content) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + ".part");
        Files.write(tmp, content);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
