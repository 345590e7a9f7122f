package dev.observableorders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.observableorders.support.AuthenticatedIngress;
import dev.observableorders.support.Ingress;
import dev.observableorders.support.Ingress.Reply;
import dev.observableorders.support.RestateAdmin;
import dev.observableorders.support.RestateServer;
import dev.observableorders.support.ServiceProcess;
import dev.observableorders.support.StubPaymentGateway;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The doors docs/operations.md's Security defaults table lists, tried as a caller on the
 * network would: each test failed before its door was closed.
 */
class SecurityDefaultsIT {

	private static final String ORDER = "{\"customerId\":\"c-1\",\"items\":[\"a\"],\"total\":10}";

	private static final String TOKEN = "6f1c0e7d9a2b4c8e0f3a5b7c9d1e2f40";

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void theFrontedIngressTurnsAwayCallersWithoutATokenBeforeRestateOrTheGatewaySeeThem() throws Exception {
		try (RestateServer restate = RestateServer.startFresh();
				StubPaymentGateway gateway = new StubPaymentGateway();
				ServiceProcess service = ServiceProcess.start(restate, "--payment.gateway.url=" + gateway.url());
				AuthenticatedIngress fronted = AuthenticatedIngress.start(restate.ingressUrl(), TOKEN)) {
			Ingress ingress = new Ingress(fronted.url());
			String path = "/OrderService/door-1/ProcessOrder";

			assertThat(ingress.post(path, "application/json", ORDER).status()).isEqualTo(401);
			for (String authorization : new String[] { "Bearer wrong", "Basic " + TOKEN, "Bearer " + TOKEN + " x",
					"Bearer # the callers' tokens, one per line", "Bearer" }) {
				assertThat(
						ingress.post(path, "application/json", ORDER, Map.of("Authorization", authorization)).status())
					.as(authorization)
					.isEqualTo(401);
			}
			assertThat(new RestateAdmin(restate.adminUrl())
				.query("SELECT id FROM sys_invocation WHERE target_service_key = 'door-1'")).isEmpty();
			assertThat(gateway.requests("door-1")).isZero();

			Reply admitted = ingress.post(path, "application/json", ORDER, Map.of("Authorization", "Bearer " + TOKEN));

			assertThat(admitted.status()).isEqualTo(200);
			assertThat(admitted.field("status")).isEqualTo("completed");
			assertThat(gateway.charges("door-1")).isEqualTo(1);
			assertThat(Files.readString(fronted.log())).doesNotContain(TOKEN);
			assertThat(Files.readString(service.log())).doesNotContain(TOKEN);
		}
	}

	@Test
	void theManagementPortListensOnLoopbackOnlyByDefault() throws Exception {
		InetAddress beyondLoopback = nonLoopbackAddress();
		try (ServiceProcess service = ServiceProcess.startUnregistered()) {
			int port = service.managementUrl().getPort();

			assertThat(get(service.managementUrl().resolve("/health/liveness"), Map.of()).statusCode()).isEqualTo(200);
			assertThatThrownBy(() -> {
				try (Socket socket = new Socket()) {
					socket.connect(new InetSocketAddress(beyondLoopback, port), 2_000);
				}
			}).as("connect to %s:%d", beyondLoopback.getHostAddress(), port).isInstanceOf(ConnectException.class);
		}
	}

	@Test
	void onAllInterfacesTheOrderPagesStillAnswerOnlyLoopbackCallersUnlessEnabled() throws Exception {
		String beyondLoopback = nonLoopbackAddress().getHostAddress();
		try (ServiceProcess service = ServiceProcess.startUnregistered("--server.address=0.0.0.0")) {
			URI management = URI.create("http://" + beyondLoopback + ":" + service.managementUrl().getPort());

			HttpResponse<String> page = get(management.resolve("/orders/o-1"), Map.of());
			assertThat(page.statusCode()).isEqualTo(403);
			assertThat(page.body()).contains("orders.pages.enabled-beyond-loopback=true");
			assertThat(get(management.resolve("/orders"), Map.of("X-Forwarded-For", "127.0.0.1")).statusCode())
				.as("a forwarded-for header does not make a caller local")
				.isEqualTo(403);
			assertThat(get(management.resolve("/metrics"), Map.of()).statusCode()).isEqualTo(200);
			assertThat(get(management.resolve("/health/liveness"), Map.of()).statusCode()).isEqualTo(200);
			assertThat(get(service.managementUrl().resolve("/orders"), Map.of()).statusCode()).isEqualTo(200);
		}
		try (ServiceProcess service = ServiceProcess.startUnregistered("--server.address=0.0.0.0",
				"--orders.pages.enabled-beyond-loopback=true")) {
			URI management = URI
				.create("http://" + beyondLoopback + ":" + service.managementUrl().getPort() + "/orders");

			assertThat(get(management, Map.of()).statusCode()).isEqualTo(200);
		}
	}

	private HttpResponse<String> get(URI uri, Map<String, String> headers) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri);
		if (uri.getPath().startsWith("/orders")) {
			request.header("Accept", "text/html");
		}
		headers.forEach(request::header);
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * An address of this machine that is not loopback: where a neighbour would connect.
	 */
	private static InetAddress nonLoopbackAddress() throws SocketException {
		return NetworkInterface.networkInterfaces().filter((network) -> {
			try {
				return network.isUp() && !network.isLoopback();
			}
			catch (SocketException ex) {
				return false;
			}
		})
			.flatMap(NetworkInterface::inetAddresses)
			.filter((address) -> address instanceof Inet4Address && !address.isLoopbackAddress())
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("This machine has no address beyond loopback to try"));
	}

}
