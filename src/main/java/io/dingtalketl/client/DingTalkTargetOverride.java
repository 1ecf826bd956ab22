package io.dingtalketl.client;

/**
 * Points the client somewhere other than the configured DingTalk: the embedded simulator provides one
 * when no credentials are configured.
 */
@FunctionalInterface
public interface DingTalkTargetOverride {

    DingTalkProperties apply(DingTalkProperties configured);
}
