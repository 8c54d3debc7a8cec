package io.fapiao.vendor;

/** The vendor refused the account's own login (token): nothing was sent for any order. */
public class VendorLoginException extends RuntimeException {

    public VendorLoginException(String message) {
        super(message);
    }
}
