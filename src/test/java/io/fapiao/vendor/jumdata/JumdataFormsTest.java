package io.fapiao.vendor.jumdata;

import io.fapiao.login.SellerLogin;
import io.fapiao.sandbox.SandboxRequest;
import io.fapiao.vendor.jumdata.JumdataForms.Endpoint;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JumdataFormsTest {

    private static final long NOW = 1555378976238L;
    private final JumdataForms forms = new JumdataForms("xyzxy2121zxyz", "efcefcef1121cefcefc1212121", () -> NOW);
    private final SellerLogin sichuan = new SellerLogin("91510100MA6CXXXX1Y", "5100", "510104199001011234",
            "p@ss word&=", "13800138000", "BSY");

    private static Map<String, String> decoded(JumdataForms.Request r) {
        return new SandboxRequest("POST", r.endpoint().path(), "", Map.of(), r.body()).form();
    }

    @Test
    void commonParametersComeFirstWithOneTimestampInBothPlaces() {
        Map<String, String> p = decoded(forms.login(sichuan));
        assertEquals(List.of("appId", "timestamp", "sign", "nsrsbh", "dq", "sflx", "gryhm", "gryhmm", "sjhm"),
                List.copyOf(p.keySet()));
        assertEquals("xyzxy2121zxyz", p.get("appId"));
        assertEquals("1555378976238", p.get("timestamp"));
        assertEquals("6ddcdc405743c576cb6d34b17b47ed56e2b9b6670fae1fe85ed01244fd31558b", p.get("sign"));
        assertEquals("p@ss word&=", p.get("gryhmm"), "form encoding keeps every character of the password");
        assertTrue(forms.login(sichuan).body().contains("gryhmm=p%40ss+word%26%3D"));
    }

    @Test
    void eachCallHasItsOwnTimestamp() {
        long[] clock = {1000};
        JumdataForms ticking = new JumdataForms("a", "s", () -> clock[0]++);
        Map<String, String> first = decoded(ticking.qrcodeGet("T", "3300"));
        Map<String, String> second = decoded(ticking.qrcodeGet("T", "3300"));
        assertEquals("1000", first.get("timestamp"));
        assertEquals("1001", second.get("timestamp"));
        assertEquals(JumdataSigning.sign("a", "s", 1001), second.get("sign"));
    }

    @Test
    void theBusinessParametersOfEveryEndpoint() {
        assertEquals(Endpoint.LOGIN, forms.login(sichuan).endpoint());
        assertEquals(Map.of("nsrsbh", "T", "validateCodeSmsTaskId", "12121321323123123323", "smsValidateCode", "123456"),
                business(forms.validateCode("T", "12121321323123123323", "123456")));
        assertEquals(Endpoint.VALIDATE_CODE, forms.validateCode("T", "1", "2").endpoint());
        assertEquals(business(forms.login(sichuan)), business(forms.status(sichuan)));
        assertEquals(Endpoint.STATUS, forms.status(sichuan).endpoint());
        assertEquals(Map.of("nsrsbh", "T", "dq", "5100"), business(forms.qrcodeGet("T", "5100")));
        assertEquals(Map.of("taskId", "1762794678531752000", "qrcodeId", "be2b"),
                business(forms.qrcodeResult("1762794678531752000", "be2b", "")));
        assertEquals(Map.of("taskId", "1", "qrcodeId", "q", "sflx", "BSY"), business(forms.qrcodeResult("1", "q", "BSY")));
        assertEquals(Map.of("nsrsbh", "T", "accountId", "acc"), business(forms.qrcodeCheck("T", "acc")));
    }

    @Test
    void zhejiangNeedsNoPhone() {
        SellerLogin zhejiang = new SellerLogin("T", "3300", "acc", "pw", "", "BSY");
        assertFalse(decoded(forms.login(zhejiang)).containsKey("sjhm"));
        assertEquals(List.of(), JumdataForms.missing(zhejiang));
        assertEquals(List.of("phone"), JumdataForms.missing(new SellerLogin("T", "5100", "acc", "pw", " ", "BSY")));
        assertEquals(List.of("region", "account", "password", "phone", "identity"),
                JumdataForms.missing(new SellerLogin("T", null, null, null, null, null)));
        assertFalse(JumdataForms.needsSms("3300"));
        assertTrue(JumdataForms.needsSms("3302"));
    }

    @Test
    void pathsAndUrls() {
        assertEquals("https://api.jumdata.com/invoice/common/login",
                forms.login(sichuan).url("https://api.jumdata.com/"));
        assertEquals("https://api.jumdata.com/invoice/common/login/validate-code",
                forms.validateCode("T", "1", "2").url("https://api.jumdata.com"));
        assertEquals("/invoice/common/login/status", Endpoint.STATUS.path());
        assertEquals("/invoice/common/login/qrcode/get", Endpoint.QRCODE_GET.path());
        assertEquals("/invoice/common/login/qrcode/result", Endpoint.QRCODE_RESULT.path());
        assertEquals("/invoice/common/login/qrcode/check", Endpoint.QRCODE_CHECK.path());
        assertEquals(Endpoint.QRCODE_CHECK, Endpoint.ofPath("/invoice/common/login/qrcode/check").orElseThrow());
    }

    @Test
    void neitherPasswordNorSmsCodeShowsInTexts() {
        assertFalse(forms.login(sichuan).toString().contains("p@ss"));
        assertFalse(forms.validateCode("T", "1", "987654").toString().contains("987654"));
        assertFalse(sichuan.toString().contains("p@ss"));
    }

    private static Map<String, String> business(JumdataForms.Request r) {
        Map<String, String> p = new java.util.LinkedHashMap<>(decoded(r));
        p.remove("appId");
        p.remove("timestamp");
        p.remove("sign");
        return p;
    }
}
