package io.fapiao.ledger;

/**
 * One input the bundle took in: a file from the local or SFTP drop, or an API call or message.
 *
 * @param channel where it came from: {@code local}, {@code sftp}, {@code api}, {@code message}
 */
public record Drop(long id, String channel, String fileName) {
}
