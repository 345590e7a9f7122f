package dev.observableorders.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Calls the service the way the seed's curl commands do: through Restate's ingress. */
public final class Ingress {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final URI base;

	public Ingress(URI base) {
		this.base = base;
	}

	/**
	 * {@code curl -X POST .../OrderService/{id}/ProcessOrder -H 'Content-Type:
	 * application/json' -d body}
	 */
	public Reply processOrder(String orderId, String body) {
		return post("/OrderService/" + orderId + "/ProcessOrder", "application/json", body);
	}

	/**
	 * ProcessOrder as a production client should send it: with Restate's
	 * {@code idempotency-key} header, so that repeating the call after a lost connection
	 * attaches to the same invocation instead of starting another. Completes when the
	 * order has a result.
	 */
	public java.util.concurrent.CompletableFuture<Reply> processOrderAsync(String orderId, String body) {
		HttpRequest request = HttpRequest.newBuilder(this.base.resolve("/OrderService/" + orderId + "/ProcessOrder"))
			.timeout(Duration.ofSeconds(180))
			.header("Content-Type", "application/json")
			.header("idempotency-key", orderId)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
			.thenApply((response) -> new Reply(response.statusCode(), response.body(),
					response.headers().firstValue("x-restate-id").orElse(null)));
	}

	/**
	 * The status line a ProcessOrder gets for the headers alone, declaring a body of
	 * {@code contentLength} bytes that is never sent. Body limits act on the declared
	 * length: sending a body past the limit instead races the 413 against the connection
	 * the server closes, and the client may see only a reset.
	 */
	public String statusForDeclaredBody(String orderId, long contentLength) {
		try (Socket socket = new Socket(this.base.getHost(), this.base.getPort())) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream()
				.write(("POST /OrderService/" + orderId + "/ProcessOrder HTTP/1.1\r\nHost: " + this.base.getAuthority()
						+ "\r\nContent-Type: application/json\r\nContent-Length: " + contentLength + "\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
				.readLine();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The seed's {@code GetStatus} call, verbatim: a JSON content type and body
	 * {@code {}}.
	 */
	public Reply getStatus(String orderId) {
		return post("/OrderService/" + orderId + "/GetStatus", "application/json", "{}");
	}

	public Reply post(String path, String contentType, String body) {
		return post(path, contentType, body, java.util.Map.of());
	}

	public Reply post(String path, String contentType, String body, java.util.Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.base.resolve(path)).timeout(Duration.ofSeconds(60));
		headers.forEach(request::header);
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		request.POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Reply(response.statusCode(), response.body(),
					response.headers().firstValue("x-restate-id").orElse(null));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @param invocationId Restate's {@code x-restate-id} response header
	 */
	public record Reply(int status, String body, String invocationId) {

		public JsonNode json() {
			try {
				return JSON.readTree(this.body);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Not JSON: " + this.body, ex);
			}
		}

		public String field(String name) {
			return json().path(name).asText(null);
		}

	}

	/** The seed's order (two items, 99.99) as JSON, for this id and customer. */
	public static String seedOrder(String orderId, String customerId) {
		return """
				{"id":"%s","customerId":"%s","items":["item1","item2"],"total":99.99}""".formatted(orderId, customerId);
	}

}
