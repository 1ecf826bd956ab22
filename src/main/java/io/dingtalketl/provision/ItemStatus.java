package io.dingtalketl.provision;

/** Where one plan item is. Every status but {@link #PLANNED} is final. */
public enum ItemStatus {
    PLANNED,
    /** DingTalk holds the intended values (written now, or found already there). */
    APPLIED,
    /** DingTalk refused the write: its errcode and errmsg are kept. */
    FAILED,
    /** Not attempted because an item it depends on failed (a parent department not created): the reason is kept. */
    SKIPPED
}
