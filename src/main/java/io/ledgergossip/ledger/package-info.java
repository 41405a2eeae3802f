/**
 * Fabric blocks: their hashes, the checks a block must pass before it is trusted (number
 * sequence, data hash, previous hash, well-formed transactions), Fabric block files and ledger
 * directories, and a builder that makes valid blocks for tests and fixtures.
 *
 * <pre>
 *   blockfile_NNNNNN:  [varint len][common.Block] [varint len][common.Block] ...
 *                          |
 *                    BlockFileReader --> ChainVerifier --> BlockCheck{blockNum, errors}
 *                                          (number, DataHash, PreviousHash, well-formedness)
 * </pre>
 */
package io.ledgergossip.ledger;
