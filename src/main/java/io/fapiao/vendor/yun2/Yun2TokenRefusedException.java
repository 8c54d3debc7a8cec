package io.fapiao.vendor.yun2;

/** yun2 refused every token it was given for a call, renewal after renewal: nothing was done with the request. */
final class Yun2TokenRefusedException extends RuntimeException {

    Yun2TokenRefusedException() {
        super("yun2 refused every renewed token", null, false, false);
    }
}
