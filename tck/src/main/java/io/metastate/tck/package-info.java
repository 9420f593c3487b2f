/**
 * The metastate compatibility kit (TCK): abstract JUnit 5 contract classes that any provider runs to prove it honours
 * the contract. A provider's test extends {@link io.metastate.tck.CoordinationCompatibilityKit} and returns a
 * {@link io.metastate.tck.ProviderFixture} (how to open clients, which fault hooks it has); the kit does the rest,
 * skips by name what the fixture cannot do, and writes {@code target/metastate-tck-report.txt}.
 *
 * <p>Timeouts scale with {@code -Dmetastate.test.timeScale}. Every random choice (workloads, keys, fault victims,
 * and the providers' randomized tests) derives from one seed, {@link io.metastate.tck.KitSeed}: a run prints it, and
 * {@code -Dmetastate.tck.seed=N} replays its choices.
 *
 * <h2>Promises</h2>
 * Every normative sentence of the SPI Javadoc has an id ({@code [LOCK-7]} after the sentence), kept with its sentence
 * in the promise catalogue ({@link io.metastate.tck.promises.PromiseCatalogue}); each kit test names the promises it
 * verifies with {@link io.metastate.tck.Verifies}, and the report lists every promise with its tests and verdict.
 * Sentences about a caller's duties ("must not block") and about one backend's layout (native lock protocols) carry
 * no id: the kit cannot check them on every provider.
 *
 * <h2>Edges, per SPI method</h2>
 * The input classes of each method and the outcome the contract defines for each, with the promise that says so. "thrown"
 * means the call throws; "failed" means the returned future or stage completes exceptionally.
 * <table>
 *   <caption>Input classes and outcomes</caption>
 *   <tr><th>method</th><th>input class</th><th>outcome</th><th>promise</th></tr>
 *   <tr><td>tryAcquire</td><td>free / held by another / waited for by another / held or awaited by this
 *       session</td><td>HELD lease / empty / empty / thrown LockAlreadyHeldException</td>
 *       <td>LOCK-18, LOCK-7, LOCK-5, LOCK-2</td></tr>
 *   <tr><td>every lock method</td><td>name null, empty, 257 characters, leading, trailing or doubled {@code /},
 *       {@code .} or {@code ..} segment, bad character / exactly 256 characters, every allowed character</td>
 *       <td>thrown InvalidPathException (acquireAsync too) / accepted</td><td>LIMIT-1</td></tr>
 *   <tr><td>tryAcquire</td><td>names that differ only by case, or extend another by a segment or a character
 *       ({@code a}, {@code A}, {@code a/b}, {@code ab})</td><td>independent locks</td><td>LOCK-1</td></tr>
 *   <tr><td>acquire</td><td>timeout zero, -1 ms, -365 days / positive and released in time / positive and
 *       passing / session expires while waiting / interrupted</td><td>one try, like tryAcquire / lease / empty,
 *       waiter withdrawn / thrown SessionExpiredException / thrown OperationInterruptedException, flag set</td>
 *       <td>LOCK-8, LEASE-9, LOCK-6, LOCK-10, LOCK-9</td></tr>
 *   <tr><td>acquireAsync</td><td>free / held / cancelled / cancel racing the grant / session closed or expired</td>
 *       <td>completed / completes in FIFO order / waiter withdrawn / never left held / failed</td>
 *       <td>LOCK-11, LOCK-3, LOCK-6, LOCK-13, LOCK-12</td></tr>
 *   <tr><td>query, forceRelease</td><td>free / held</td><td>empty, false / holder's info, true and the holder
 *       LOST</td><td>LOCK-14, LOCK-17, LOCK-16</td></tr>
 *   <tr><td>list</td><td>{@code ""} / {@code p} (string prefix: matches {@code pz}) / {@code p/} (one node) /
 *       {@code a//}</td><td>all held / sorted matches / sorted matches below {@code p} / thrown
 *       InvalidPathException</td><td>LOCK-15, LIMIT-2</td></tr>
 *   <tr><td>lease release, close</td><td>held / released / lost / from another thread of the session</td>
 *       <td>RELEASED, next waiter granted / nothing / stays LOST / released</td>
 *       <td>LEASE-11, LEASE-9, LEASE-10, LEASE-1, LEASE-12</td></tr>
 *   <tr><td>lease and session listeners</td><td>added once / twice / removed / unknown removed / added to a terminal
 *       lease</td><td>told once per change / once / nothing / nothing thrown / never called</td>
 *       <td>LEASE-5, SESSION-13, LEASE-7, SESSION-14, LEASE-8, SESSION-15, SESSION-16, LEASE-6</td></tr>
 *   <tr><td>a lease ends</td><td>release / force-release / session expiry / client close</td><td>RELEASED /
 *       LOST / LOST / released, and terminal from then on</td>
 *       <td>LEASE-11, LOCK-16, SESSION-20, SESSION-2, LEASE-13</td></tr>
 *   <tr><td>create</td><td>root / missing parent / existing path / ephemeral parent / sequential mode / null
 *       data</td><td>thrown CoordinationException / NoNodeException / NodeExistsException /
 *       NoChildrenForEphemeralsException / suffixed path / empty data</td>
 *       <td>STATE-24, STATE-8, STATE-7, STATE-9, STATE-22, STATE-13</td></tr>
 *   <tr><td>create, set, multi</td><td>value of exactly maxValueBytes / one byte more; path of exactly
 *       maxPathLength / one character more; malformed path</td><td>stored / thrown ValueTooLargeException; created /
 *       thrown InvalidPathException; thrown InvalidPathException</td><td>LIMIT-5, LIMIT-6, LIMIT-4, LIMIT-3</td></tr>
 *   <tr><td>createWithParents</td><td>existing ancestors / ancestors created concurrently / existing path /
 *       ephemeral ancestor</td><td>kept / every caller succeeds / thrown NodeExistsException / thrown
 *       NoChildrenForEphemeralsException</td><td>STATE-10, STATE-11, STATE-12, STATE-9</td></tr>
 *   <tr><td>get, exists</td><td>missing / existing</td><td>empty / data and stat</td><td>STATE-5, STATE-13</td></tr>
 *   <tr><td>set</td><td>current version, ANY_VERSION / version 0 after a set, 7 / missing node / root</td>
 *       <td>new stat / thrown BadVersionException / thrown NoNodeException / thrown CoordinationException</td>
 *       <td>STATE-14, STATE-15, STATE-16, STATE-24</td></tr>
 *   <tr><td>delete, deleteRecursive</td><td>current version, ANY_VERSION / missing / other version / children /
 *       recursive with ephemeral descendants and a sibling</td><td>removed / NoNodeException / BadVersionException /
 *       NotEmptyException / subtree gone, sibling kept</td><td>STATE-17, STATE-18, STATE-19</td></tr>
 *   <tr><td>children</td><td>missing / leaf / names that differ only by case</td><td>thrown NoNodeException /
 *       empty / both, in String order ({@code A} before {@code a})</td><td>STATE-21, STATE-20</td></tr>
 *   <tr><td>multi</td><td>first, middle or last op fails / check of a missing node with ANY_VERSION / lock check
 *       of a held, released, force-released, expired lease</td><td>thrown TransactionFailedException, nothing
 *       applied, index / NoNodeException reason / passes, LeaseLostException reason</td>
 *       <td>OP-1, OP-4, OP-5, OP-8, OP-9</td></tr>
 *   <tr><td>watch</td><td>missing node / NODE vs its child and a sibling sharing its prefix / CHILDREN vs the
 *       node and a grandchild / SUBTREE vs a sibling {@code t2} sharing the string prefix across the {@code /}
 *       boundary / closed twice / client closed, session expired / ephemeral owner ends</td><td>sees creation / only the node /
 *       only children / only the subtree / nothing more / nothing more / DELETED</td>
 *       <td>WATCH-1, WATCH-10, WATCH-11, WATCH-12, WATCH-3, WATCH-2, WATCH-9</td></tr>
 *   <tr><td>every async method</td><td>valid / error / malformed path / 40 in flight</td><td>same value / failed
 *       with the sync exception / failed, never thrown / all applied</td><td>ASYNC-1, ASYNC-2, ASYNC-3</td></tr>
 *   <tr><td>every call of a client</td><td>closed once, twice / session expired</td><td>thrown (sync) or failed
 *       (async) ClientClosedException, close does nothing / thrown SessionExpiredException</td>
 *       <td>SESSION-4, SESSION-6, SESSION-8</td></tr>
 * </table>
 */
package io.metastate.tck;
