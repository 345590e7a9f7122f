package dev.observableorders.restate.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.observableorders.support.Ingress;
import dev.observableorders.support.Ingress.Reply;
import dev.observableorders.support.RestateAdmin;
import dev.observableorders.support.RestateServer;
import dev.observableorders.support.ServiceProcess;
import dev.observableorders.support.StubPaymentGateway;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An instance runs at most {@code restate.deployment.max-concurrent-invocations} at once
 * and drains on stop, whatever path prefix its deployment was registered under (the SDK
 * routes {@code /orders-svc/invoke/OrderService/ProcessOrder} like
 * {@code /invoke/OrderService/ProcessOrder}); Restate retries the ones turned away, and
 * every order still completes once.
 */
class InvocationLimitIT {

	private static final String RUNNING = "restate_endpoint_invocations_running{application=\"order-service\"}";

	private static final String ORDER = "{\"customerId\":\"c\",\"items\":[\"a\"],\"total\":10}";

	private RestateServer restate;

	private StubPaymentGateway gateway;

	private ServiceProcess service;

	@BeforeEach
	void start() {
		this.restate = RestateServer.startFresh();
		this.gateway = new StubPaymentGateway();
	}

	@AfterEach
	void stop() {
		if (this.service != null) {
			this.service.close();
		}
		this.gateway.close();
		this.restate.close();
	}

	/** The service, registered under a path prefix as an operator may do. */
	private ServiceProcess startUnderPrefix(String... settings) {
		List<String> all = new ArrayList<>(List.of("--payment.gateway.url=" + this.gateway.url()));
		all.addAll(List.of(settings));
		this.service = ServiceProcess.startUnregistered(all.toArray(String[]::new));
		new RestateAdmin(this.restate.adminUrl()).register(this.service.endpointUrl().resolve("/orders-svc/"));
		return this.service;
	}

	@Test
	void invocationsBeyondTheLimitWaitInRestateAndAllComplete() {
		ServiceProcess service = startUnderPrefix("--restate.deployment.max-concurrent-invocations=2");
		this.gateway.latency(Duration.ofMillis(700));
		Ingress ingress = new Ingress(this.restate.ingressUrl());
		List<CompletableFuture<Reply>> replies = IntStream.range(0, 6)
			.mapToObj((i) -> ingress.processOrderAsync("limited-" + i, ORDER))
			.toList();
		AtomicInteger mostRunning = new AtomicInteger();
		AtomicInteger mostCharging = new AtomicInteger();

		await("every order answered").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50)).until(() -> {
			mostRunning.accumulateAndGet((int) service.scrape().value(RUNNING), Math::max);
			mostCharging.accumulateAndGet((int) this.gateway.inProgress(), Math::max);
			return replies.stream().allMatch(CompletableFuture::isDone);
		});

		assertThat(replies).allSatisfy((reply) -> assertThat(reply.join().field("status")).isEqualTo("completed"));
		assertThat(IntStream.range(0, 6).map((i) -> this.gateway.charges("limited-" + i))).containsOnly(1);
		assertThat(mostRunning.get()).as("invocations seen running at once").isBetween(1, 2);
		assertThat(mostCharging.get()).as("charges in flight at once").isBetween(1, 2);
		assertThat(service.scrape().sum("restate_endpoint_invocations_rejected_total")).isPositive();
		assertThat(service.scrape().value(RUNNING)).isZero();
	}

	@Test
	void aStopWaitsForTheInvocationsRunningUnderThePrefix() throws Exception {
		ServiceProcess service = startUnderPrefix("--restate.deployment.shutdown-grace-period=20s");
		this.gateway.latency(Duration.ofSeconds(2));
		Ingress ingress = new Ingress(this.restate.ingressUrl());
		List<CompletableFuture<Reply>> replies = IntStream.range(0, 3)
			.mapToObj((i) -> ingress.processOrderAsync("draining-" + i, ORDER))
			.toList();
		await("every order waiting on the gateway").atMost(Duration.ofSeconds(30))
			.until(() -> this.gateway.requests() == 3);

		service.close();

		assertThat(Files.readString(service.log())).contains("Stopping the Restate endpoint: 3 invocations running")
			.doesNotContain("still running after");
		assertThat(replies).allSatisfy((reply) -> assertThat(reply).succeedsWithin(Duration.ofSeconds(10))
			.satisfies((answer) -> assertThat(answer.field("status")).isEqualTo("completed")));
	}

}
