package io.fapiao.config;

/** Sandbox: embedded vendor simulators on loopback, no account needed. Live: the vendors' real services. */
public enum Mode {
    SANDBOX, LIVE
}
