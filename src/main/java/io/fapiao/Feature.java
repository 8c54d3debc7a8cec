package io.fapiao;

import io.fapiao.sandbox.SandboxSetup;

/**
 * One part of the bundle that wires itself: a vendor (its route file's beans, its simulator in sandbox mode), a
 * channel (SFTP, messages), the API. {@link FapiaoConfiguration} calls every feature in turn; adding a vendor or a
 * channel adds a feature and one line in that list, and touches no other feature.
 */
public interface Feature {

    /**
     * Sandbox mode only, before any property is read: serve the simulator and point the vendor's properties at it.
     */
    default void sandbox(SandboxSetup sandbox) {
    }

    /** Binds the feature's beans and adds its parts to the bundle (an issuing vendor, a reply sink, health). */
    void wire(Bundle bundle) throws Exception;
}
