package io.dingtalketl.events;

import java.time.Clock;

import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.client.DingTalkProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The HTTP callback transport, only in {@code serve} ({@code etl.events.serving=true}, which the command sets) and
 * when {@code etl.events.callback.enabled=true}: the endpoint DingTalk pushes
 * to, and the catch-up of pushes it failed to deliver. Both tell the optional {@link InboxArrivals} about new
 * events.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty({"etl.events.callback.enabled", "etl.events.serving"})
class CallbackConfiguration {

    @Bean
    CallbackEndpoint callbackEndpoint(EventsProperties events, DingTalkProperties dingtalk, EventInbox inbox,
                                      ObjectProvider<InboxArrivals> arrivals) {
        return new CallbackEndpoint(events.callback(), dingtalk.appKey(), inbox, arrivals.getIfAvailable(), Clock.systemUTC());
    }

    @Bean
    FailedPushCatchUp failedPushCatchUp(DingTalkClient client, EventInbox inbox, ObjectProvider<InboxArrivals> arrivals) {
        return new FailedPushCatchUp(client, inbox, arrivals.getIfAvailable(), Clock.systemUTC());
    }
}
