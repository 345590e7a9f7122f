package dev.observableorders.restate.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.observableorders.support.Ingress;
import dev.observableorders.support.Ingress.Reply;
import dev.observableorders.support.RestateAdmin;
import dev.observableorders.support.RestateServer;
import dev.observableorders.support.ServiceProcess;
import dev.observableorders.support.StubPaymentGateway;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM with orders in flight: the service turns new invocations away, lets the running
 * ones finish, then exits. Restate retries nothing: every order completes on its first
 * attempt although the service is never started again.
 */
class GracefulStopIT {

	private static RestateServer restate;

	private static StubPaymentGateway gateway;

	@BeforeAll
	static void start() {
		restate = RestateServer.startFresh();
		gateway = new StubPaymentGateway();
	}

	@AfterAll
	static void stop() {
		gateway.close();
		restate.close();
	}

	@Test
	void ordersInFlightFinishBeforeTheServiceExitsAndNoneIsRetried() throws Exception {
		ServiceProcess service = ServiceProcess.start(restate, "--payment.gateway.url=" + gateway.url(),
				"--restate.deployment.shutdown-grace-period=20s");
		gateway.latency(Duration.ofSeconds(2));
		Ingress ingress = new Ingress(restate.ingressUrl());
		List<String> orders = IntStream.range(0, 5).mapToObj((i) -> "graceful-" + i).toList();
		List<CompletableFuture<Reply>> replies = orders.stream()
			.map((id) -> ingress.processOrderAsync(id, "{\"customerId\":\"c\",\"items\":[\"a\"],\"total\":10}"))
			.toList();
		await("every order waiting on the gateway").atMost(Duration.ofSeconds(30))
			.until(() -> gateway.requests() == orders.size());

		service.close();

		assertThat(Files.readString(service.log())).contains("Stopping the Restate endpoint: 5 invocations running")
			.doesNotContain("still running after");
		assertThat(replies).allSatisfy((reply) -> assertThat(reply).succeedsWithin(Duration.ofSeconds(10))
			.satisfies((answer) -> assertThat(answer.field("status")).isEqualTo("completed")));
		JsonNode invocations = new RestateAdmin(restate.adminUrl())
			.query("SELECT target_service_key, status, retry_count FROM sys_invocation"
					+ " WHERE target_service_name = 'OrderService' AND target_handler_name = 'ProcessOrder'");
		assertThat(invocations).hasSize(orders.size()).allSatisfy((row) -> {
			assertThat(row.path("status").asText()).isEqualTo("completed");
			assertThat(row.path("retry_count").asInt(0)).as("retries of " + row).isZero();
		});
		assertThat(orders).allSatisfy((id) -> assertThat(gateway.requests(id)).as(id).isEqualTo(1));
	}

}
