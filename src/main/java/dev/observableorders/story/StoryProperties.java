package dev.observableorders.story;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Links on an order's page ({@code /orders/{id}} on the management port).
 *
 * @param traceLink a trace viewer's address with {@code {traceId}} in it, e.g.
 * {@code http://localhost:16686/trace/{traceId}} (Jaeger) or a Grafana Tempo explore URL;
 * empty: the trace id is shown without a link
 * @param logLink a log search's address with {@code {orderId}} in it, e.g. a Loki or
 * Kibana query for the {@code orderId} field; empty: no link
 * @param logWindow how many recent order log lines this instance keeps in memory for the
 * pages (read by logback-spring.xml; about 200 bytes a line)
 */
@ConfigurationProperties("orders.pages")
record StoryProperties(@DefaultValue("") String traceLink, @DefaultValue("") String logLink,
		@DefaultValue("10000") int logWindow) {

	String traceLinkFor(String traceId) {
		return (this.traceLink.isEmpty() || traceId == null) ? null : this.traceLink.replace("{traceId}", traceId);
	}

	String logLinkFor(String orderId) {
		return this.logLink.isEmpty() ? null : this.logLink.replace("{orderId}", orderId);
	}

}
