package dev.observableorders.support;

import java.net.URI;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The service in this JVM, registered with a real Restate server that this JVM started.
 * All subclasses share one Spring context and one server; tests use distinct order ids.
 *
 * <p>
 * The payment and fulfilment beans are {@link ScriptedPartners}: the real simulations,
 * plus customers whose names script a decline, an outage or a one-off failure.
 */
@ServiceTest
@TestPropertySource(properties = { "orders.refund-max-delay=1s",
		// example templates: the pages' tests follow the links they build
		"orders.pages.trace-link=http://traces.test/trace/{traceId}",
		"orders.pages.log-link=http://logs.test/search?orderId={orderId}" })
public abstract class RealRestateTest {

	protected static final RestateServer restate = RestateServer.shared();

	protected final Ingress ingress = new Ingress(restate.ingressUrl());

	protected final RestateAdmin admin = new RestateAdmin(restate.adminUrl());

	@LocalServerPort
	protected int managementPort;

	@DynamicPropertySource
	static void registerWithRestate(DynamicPropertyRegistry registry) {
		registry.add("restate.deployment.admin-url", () -> restate.adminUrl().toString());
	}

	protected PrometheusScrape scrape() {
		return PrometheusScrape.of(URI.create("http://127.0.0.1:" + this.managementPort + "/metrics"));
	}

}
