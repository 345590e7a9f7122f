package dev.observableorders.pages;

import dev.observableorders.order.CustomerIds;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The order pages ({@code /orders}, {@code /orders/{id}} on the management port).
 *
 * @param traceLink a trace viewer's address with {@code {traceId}} in it, e.g.
 * {@code http://localhost:16686/trace/{traceId}} (Jaeger) or a Grafana Tempo explore URL;
 * empty: the trace id is shown without a link
 * @param logLink a log search's address with {@code {orderId}} in it, e.g. a Loki or
 * Kibana query for the {@code orderId} field; empty: no link
 * @param logWindow how many recent order log lines this instance keeps in memory for the
 * pages (read by logback-spring.xml; 531 bytes a line, allocated at start: 5 MB for 10
 * 000; a line longer than 256 characters is cut)
 * @param prometheusUrl a Prometheus that scrapes every instance, e.g.
 * {@code http://127.0.0.1:9091}: {@code /orders} then answers the seed's dashboard
 * questions for the whole service over the last 5 minutes, as the Orders dashboard does;
 * empty, or when it does not answer: from this instance's meters since it started
 * @param prometheusJob the scrape job of the service's instances in that Prometheus
 * @param maskCustomerIds customer ids on the pages and in their JSON show only their
 * first and last two characters ({@code cu•••42}); false shows them whole
 * @param enabledBeyondLoopback serve the pages to callers beyond loopback too; off, they
 * answer 403 to any caller not on this machine (an authenticating proxy on the same host
 * connects from loopback), while health and {@code /metrics} answer everyone the port
 * reaches
 * @param cacheFor how long one read of an order (four SQL queries to Restate) or of the
 * front page serves every view that asks for it
 * @param maxConcurrentReads reads of Restate or Prometheus the pages run at once; views
 * beyond them wait up to 2 s, then get 503
 */
@ConfigurationProperties("orders.pages")
record PagesProperties(@DefaultValue("") String traceLink, @DefaultValue("") String logLink,
		@DefaultValue("10000") int logWindow, @DefaultValue("") String prometheusUrl,
		@DefaultValue("order-service") String prometheusJob, @DefaultValue("true") boolean maskCustomerIds,
		@DefaultValue("false") boolean enabledBeyondLoopback, @DefaultValue("1s") Duration cacheFor,
		@DefaultValue("4") int maxConcurrentReads) {

	String traceLinkFor(String traceId) {
		return (this.traceLink.isEmpty() || traceId == null) ? null : this.traceLink.replace("{traceId}", traceId);
	}

	String logLinkFor(String orderId) {
		return this.logLink.isEmpty() ? null : this.logLink.replace("{orderId}", orderId);
	}

	/** The customer id as the pages show it. */
	String customer(String customerId) {
		return this.maskCustomerIds ? CustomerIds.mask(customerId) : customerId;
	}

}
