package io.fapiao.vendor.jumdata;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signatures against vectors computed outside Java, by the shell's sha256sum. */
class JumdataSigningTest {

    /** The document's own example: printf '%s' "xyzxy2121zxyzefcefcef1121cefcefc12121211555378976238" | sha256sum */
    private static final String DOCUMENT_EXAMPLE = "6ddcdc405743c576cb6d34b17b47ed56e2b9b6670fae1fe85ed01244fd31558b";
    /** printf '%s' "sandbox-jumdata-appsandbox-jumdata-secret1767225600000" | sha256sum */
    private static final String SANDBOX_ACCOUNT = "f298770548fde1df7c2b02dac82abec4889725013f34626b5558df4e3a7f25a7";

    @Test
    void theDocumentsExample() {
        assertEquals(DOCUMENT_EXAMPLE, JumdataSigning.sign("xyzxy2121zxyz", "efcefcef1121cefcefc1212121", 1555378976238L));
        assertEquals(DOCUMENT_EXAMPLE, JumdataSigning.sign("xyzxy2121zxyz", "efcefcef1121cefcefc1212121", "1555378976238"));
    }

    @Test
    void theSandboxAccount() {
        assertEquals(SANDBOX_ACCOUNT, JumdataSigning.sign("sandbox-jumdata-app", "sandbox-jumdata-secret", 1767225600000L));
    }

    @Test
    void verifiesExactlyLowerCaseHex() {
        assertTrue(JumdataSigning.verify("xyzxy2121zxyz", "efcefcef1121cefcefc1212121", "1555378976238", DOCUMENT_EXAMPLE));
        assertFalse(JumdataSigning.verify("xyzxy2121zxyz", "efcefcef1121cefcefc1212121", "1555378976238",
                DOCUMENT_EXAMPLE.toUpperCase()), "the document's sha256 is lower-case hex");
        assertFalse(JumdataSigning.verify("xyzxy2121zxyz", "efcefcef1121cefcefc1212121", "1555378976239", DOCUMENT_EXAMPLE));
        assertFalse(JumdataSigning.verify("xyzxy2121zxyz", "wrong", "1555378976238", DOCUMENT_EXAMPLE));
        assertFalse(JumdataSigning.verify("xyzxy2121zxyz", "efcefcef1121cefcefc1212121", "1555378976238", null));
    }
}
