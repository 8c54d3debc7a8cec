package io.fapiao.ledger;

/**
 * What opening a drop found.
 *
 * @param drop     the drop to read the input into (new, or the unfinished one of an earlier attempt at the same input)
 * @param attempts how many times this input has been started, this one included
 */
public record DropOpening(Drop drop, int attempts) {
}
