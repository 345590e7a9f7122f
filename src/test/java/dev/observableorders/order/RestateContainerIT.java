package dev.observableorders.order;

import dev.observableorders.support.ServiceTest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.observableorders.support.Ingress;
import dev.observableorders.support.RestateServer;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.Testcontainers;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;

/**
 * The seed's flow against Restate's container image, where Docker runs. Skipped without
 * Docker; the npm server covers the same ground everywhere (see RealRestateTest).
 */
@org.testcontainers.junit.jupiter.Testcontainers(disabledWithoutDocker = true)
@ServiceTest
class RestateContainerIT {

	private static final int ENDPOINT_PORT = RestateServer.freePort();

	@Container
	static final GenericContainer<?> restate = exposingEndpoint(
			new GenericContainer<>("docker.io/restatedev/restate:1.7.12").withExposedPorts(8080, 9070)
				.waitingFor(Wait.forHttp("/health").forPort(9070)));

	@DynamicPropertySource
	static void registerWithTheContainer(DynamicPropertyRegistry registry) {
		registry.add("restate.sdk.http.port", () -> ENDPOINT_PORT);
		registry.add("restate.deployment.admin-url",
				() -> "http://" + restate.getHost() + ":" + restate.getMappedPort(9070));
		registry.add("restate.deployment.advertised-url", () -> "http://host.testcontainers.internal:" + ENDPOINT_PORT);
	}

	@Test
	void seedOrderCompletesThroughTheContainer() {
		Ingress ingress = new Ingress(
				java.net.URI.create("http://" + restate.getHost() + ":" + restate.getMappedPort(8080)));

		Ingress.Reply reply = ingress.processOrder("order-001", Ingress.seedOrder("order-001", "cust-123"));

		assertThat(reply.field("status")).isEqualTo("completed");
		assertThat(ingress.getStatus("order-001").json()).isEqualTo(reply.json());
	}

	private static GenericContainer<?> exposingEndpoint(GenericContainer<?> container) {
		Testcontainers.exposeHostPorts(ENDPOINT_PORT);
		return container;
	}

}
