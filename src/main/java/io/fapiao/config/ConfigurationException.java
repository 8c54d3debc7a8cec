package io.fapiao.config;

/** The configuration cannot work as given; the message says which key and what to do, never a secret value. */
public class ConfigurationException extends RuntimeException {

    public ConfigurationException(String message) {
        super(message);
    }
}
