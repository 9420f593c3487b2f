/**
 * Key locks and key-range locks over an ordered key space (gzochi-metad): point locks in READ or WRITE mode, and
 * range locks over {@code [from, to)} with open ends allowed. Two locks conflict when their ranges intersect and at
 * least one is WRITE. Grants carry fencing tokens; conflicting requests are served first come, first served, so a
 * waiting writer is never overtaken by later readers.
 *
 * <h2>Layout</h2>
 * A lock space {@code S} is the persistent node {@code /metastate/keylocks/S}. Each request is an
 * ephemeral-sequential child {@code r-<nonce>-NNNNNNNNNN} whose data is a UTF-8 text record:
 * <pre>
 * metastate-keylock/1
 * mode=WRITE
 * from=k:&lt;url-encoded key&gt;   (or from=open)
 * to=k:&lt;url-encoded key&gt;     (or to=open)
 * owner=&lt;url-encoded owner id&gt;
 * nonce=&lt;random id&gt;          (finds the node again when its create's outcome was unknown)
 * </pre>
 * Requests are ordered by their node's {@code createRevision}. A request is granted when no request created
 * before it conflicts with it; that property, once true, stays true, because request nodes are never re-created.
 * The fencing token of a grant is its node's {@code createRevision}: conflicting grants are made in creation
 * order, so their tokens strictly increase. The random nonce in the name makes a request node's path unique for
 * good, even after the space node is deleted and re-created (sequence numbers then start over): a grant's fence,
 * "its node still exists", can never pass on another request's node. A lock ends when its node is deleted: on release, on withdrawal of a
 * waiter, or with the session (request nodes are ephemeral). Waiters are woken by a children watch on the space.
 */
package io.metastate.recipes.rangelock;
