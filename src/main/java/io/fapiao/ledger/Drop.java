package io.fapiao.ledger;

/**
 * One input the bundle took in: a file from a local or SFTP drop, a message, an API call.
 *
 * @param channel    where it came from and how its outcome goes back: {@code local:…}, {@code sftp:<inbox>},
 *                   {@code message}, {@code api}; the part before the first colon names the channel's kind
 * @param fileName   the input's own name, as the sender gave it
 * @param outputName the name its result, error and archived files carry: the file name, or, when an input of
 *                   the same name came before, that name with a suffix telling them apart
 */
public record Drop(long id, String channel, String fileName, String outputName) {

    /** The kind of channel: {@code local}, {@code sftp}, {@code message}, {@code api}. */
    public String kind() {
        int colon = channel.indexOf(':');
        return colon < 0 ? channel : channel.substring(0, colon);
    }
}
