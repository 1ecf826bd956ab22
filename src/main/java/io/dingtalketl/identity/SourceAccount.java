package io.dingtalketl.identity;

import org.jspecify.annotations.Nullable;

/** One account of another system, as {@code src_account} holds it (values trimmed, blanks as null). */
public record SourceAccount(String system, String accountId, @Nullable String username, @Nullable String email,
                            @Nullable String employeeNumber, @Nullable String mobile, @Nullable String displayName,
                            boolean active) {
}
