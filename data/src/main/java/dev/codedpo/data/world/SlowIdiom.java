package dev.codedpo.data.world;

/**
 * An aggregation's slower but correct idiom: the efficiency half of CodeDPO needs tasks where correct codes differ
 * in speed.
 */
public enum SlowIdiom {
    NONE,
    /** max by sorting everything and taking the last: O(n log n) comparisons instead of O(n). */
    SORT_FOR_MAX,
    /** min by sorting everything and taking the first: O(n log n) comparisons instead of O(n). */
    SORT_FOR_MIN,
    /** distinct values kept in a list, so each membership test scans it: O(n^2) comparisons instead of O(n) hashes. */
    LIST_MEMBERSHIP,
    /** the list sorted again after every append: O(n^2) comparisons instead of O(n log n). */
    SORT_IN_LOOP,
    /**
     * the answer string grown by repeated concatenation instead of one join. Nominally O(n^2) characters copied;
     * CPython often extends the string in place, so what reliably remains is the interpreted loop.
     */
    REPEATED_CONCAT,
    /** the same with a space between words. */
    REPEATED_CONCAT_SPACED
}
