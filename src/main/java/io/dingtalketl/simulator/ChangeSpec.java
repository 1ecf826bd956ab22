package io.dingtalketl.simulator;

/**
 * How many changes of each kind one simulated working day brings. Each count is an upper bound:
 * when the org offers fewer suitable candidates (say, no leaf department left to remove), fewer
 * changes are made and the {@link ChangeLog} says exactly which ones happened.
 *
 * @param joins              new users, each in one department
 * @param leaves             users removed from the org (never the boss, a leader or someone's manager)
 * @param userMoves          one membership of a user moved to a department the user was not in
 * @param userRenames        users whose name changes
 * @param titleChanges       users whose title changes
 * @param departmentRenames  departments whose name changes
 * @param departmentMoves    departments re-parented with their whole subtree (no cycles, max depth kept)
 * @param departmentRemovals leaf departments removed; their members move to the parent first
 */
public record ChangeSpec(int joins, int leaves, int userMoves, int userRenames, int titleChanges,
                         int departmentRenames, int departmentMoves, int departmentRemovals) {

    public ChangeSpec {
        if (joins < 0 || leaves < 0 || userMoves < 0 || userRenames < 0 || titleChanges < 0
                || departmentRenames < 0 || departmentMoves < 0 || departmentRemovals < 0) {
            throw new IllegalArgumentException("change counts must be >= 0");
        }
    }

    /** A realistic quiet day in a mid-sized company. */
    public static ChangeSpec typical() {
        return new ChangeSpec(3, 2, 3, 1, 2, 1, 1, 1);
    }

    /** No changes at all. */
    public static ChangeSpec none() {
        return new ChangeSpec(0, 0, 0, 0, 0, 0, 0, 0);
    }
}
