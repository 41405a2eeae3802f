/**
 * Block dissemination, Fabric's three ways, over the membership and transport layers:
 *
 * <pre>
 *   push:   orderer -> super nodes; a peer with a new block forwards it once to propagatePeerNum
 *           random peers (bodies, or in digest-first mode DataDigest{n} and the body on DataRequest)
 *   pull:   every pullInterval  A --GossipHello--> B --DataDigest{recent numbers}--> A
 *                               A --DataRequest{missing}--> B --DataUpdate{blocks}--> A
 *   state:  peers publish StateInfo{ledger height}; a peer behind sends RemoteStateRequest{start,end}
 *           for batches of state.batchSize to several peers ahead at once, retries another peer on
 *           timeout, and commits the verified blocks strictly in order
 * </pre>
 *
 * Every block is checked before it is buffered (data hash, well-formed transactions, a valid
 * orderer signature) and again against the chain when committed; a peer that sends a bad block
 * loses score and, below the threshold, is disconnected and ignored for a while.
 */
package io.ledgergossip.dissemination;
