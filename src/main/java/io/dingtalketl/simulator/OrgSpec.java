package io.dingtalketl.simulator;

/**
 * Shape of a generated organization. Generation is deterministic: the same spec always yields the
 * same departments, users and memberships.
 *
 * @param seed        random seed; different seeds give different but equally shaped orgs
 * @param departments total number of departments, including the root (id 1)
 * @param users       number of users
 * @param maxDepth    depth of the deepest department (root is depth 0); reached whenever there are
 *                    enough departments, and never exceeded, also not by later department moves
 */
public record OrgSpec(long seed, int departments, int users, int maxDepth) {

    public static final int DEFAULT_MAX_DEPTH = 6;

    public OrgSpec {
        if (departments < 1) {
            throw new IllegalArgumentException("departments must be >= 1 (the root), was " + departments);
        }
        if (users < 0) {
            throw new IllegalArgumentException("users must be >= 0, was " + users);
        }
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be >= 1, was " + maxDepth);
        }
    }

    /** A spec with the default maximum depth of {@value #DEFAULT_MAX_DEPTH}. */
    public static OrgSpec of(long seed, int departments, int users) {
        return new OrgSpec(seed, departments, users, DEFAULT_MAX_DEPTH);
    }

    public OrgSpec withMaxDepth(int maxDepth) {
        return new OrgSpec(seed, departments, users, maxDepth);
    }
}
