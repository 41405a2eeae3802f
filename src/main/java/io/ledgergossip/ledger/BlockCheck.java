package io.ledgergossip.ledger;

import java.util.List;

/**
 * The outcome of checking one block: Fabric ledgerutil's {@code {"blockNum","valid","errors"}}.
 *
 * @param blockNum the number the block carries (or, for a block that could not be read, the
 *     number it should have had)
 * @param errors Fabric's error words, empty when the block is valid
 */
public record BlockCheck(long blockNum, List<String> errors) {
    public BlockCheck {
        errors = List.copyOf(errors);
    }

    public boolean valid() {
        return errors.isEmpty();
    }
}
