package dev.codedpo.train.reference;

import dev.codedpo.models.batch.TokenizedRow;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A row's identity in a reference cache: 128 bits of SHA-256 over its prompt and response ids. Keying by content
 * rather than by position means KTO's mismatched rows (prompt i with completion j) and repeated rows need no index
 * bookkeeping, and a lookup can never return another row's value.
 */
final class RowKey {
    private RowKey() {}

    static String of(TokenizedRow row) {
        MessageDigest md = Digests.sha256();
        ByteBuffer buf = ByteBuffer.allocate(8 * (2 + row.prompt().length + row.response().length));
        buf.putLong(row.prompt().length);
        for (long id : row.prompt()) {
            buf.putLong(id);
        }
        buf.putLong(row.response().length);
        for (long id : row.response()) {
            buf.putLong(id);
        }
        md.update(buf.array());
        return HexFormat.of().formatHex(md.digest(), 0, 16);
    }
}
