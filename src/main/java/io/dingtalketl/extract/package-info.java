/**
 * {@code extractJob}: any DingTalk API as JSON rows. An extract configured under {@code etl.extracts.<name>}
 * (path, method, a request template with the run's date window, the paging and where the items are in the
 * answer) is fetched page by page through the project's one {@link io.dingtalketl.client.DingTalkClient}
 * and lands one row per item in {@code raw_<name>}. Each page's rows and the position of the next page are
 * committed together, so a restart continues at the first page not committed.
 */
@NullMarked
package io.dingtalketl.extract;

import org.jspecify.annotations.NullMarked;
