package dev.observableorders.partner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * One partner's HTTP client: JSON {@code POST}s with an {@code Idempotency-Key}, built on
 * Spring Boot's auto-configured {@code RestClient.Builder} (observed: a timer, a child
 * span of the step, {@code traceparent} on the request). Every answer ends in one of
 * three ways:
 * <ul>
 * <li>a 2xx with a JSON body: returned, for the partner to read;</li>
 * <li>a refusal: a 4xx other than those below, with a JSON body: the partner said no to
 * this request, and asking again cannot change that;</li>
 * <li>an unknown outcome, to retry under the same key: no answer within the deadline, a
 * broken connection, 5xx, 408, 409 (the key is in progress), 429, a redirect, a 4xx
 * without a JSON body (a proxy's page, not the partner's answer), a 2xx that is not JSON,
 * or an answer over the size limit, refused unread; and 401/403/407 (our credentials) or
 * 404 (a wrong base path), which say nothing about the order: the request may never have
 * reached the partner's logic, and only an operator can end them
 * ({@link PartnerUnavailableException#accessRefused()}).</li>
 * </ul>
 * Nothing the partner wrote is passed on: messages name the operation, the status code
 * and the partner's {@code Request-Id} only.
 */
public final class PartnerClient {

	private static final ObjectMapper JSON = new ObjectMapper();

	/** Client errors that say nothing about the request itself: retried. */
	static final Set<Integer> UNKNOWN_CLIENT_ERRORS = Set.of(401, 403, 404, 407, 408, 409, 429);

	/** Of those, the ones about our credentials or our address. */
	static final Set<Integer> ACCESS_REFUSED = Set.of(401, 403, 404, 407);

	private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	/** Makes a partner's "outcome unknown" exception. */
	@FunctionalInterface
	public interface Unknown {

		PartnerUnavailableException create(String message, boolean accessRefused);

	}

	private final String partner;

	private final PartnerConnection connection;

	private final RestClient client;

	private final Unknown unknown;

	private final Function<String, RuntimeException> refused;

	/**
	 * @param partner how messages name the partner, e.g. {@code payment gateway}
	 * @param builder Boot's auto-configured builder (a prototype bean: each client gets
	 * its own), or {@code RestClient.builder()} in a unit test
	 * @param unknown makes the partner's "outcome unknown, retry" exception
	 * @param refused makes the partner's "refused for good" exception from a message
	 */
	public PartnerClient(String partner, PartnerConnection connection, RestClient.Builder builder,
			SslBundles sslBundles, Unknown unknown, Function<String, RuntimeException> refused) {
		this.partner = partner;
		this.connection = connection;
		this.unknown = unknown;
		this.refused = refused;
		// Spring's JDK request applies its read timeout as one deadline from the send:
		// connecting, the headers and the body
		HttpClientSettings settings = HttpClientSettings.defaults()
			.withTimeouts(connection.timeout(), connection.timeout())
			.withRedirects(HttpRedirects.DONT_FOLLOW);
		if (connection.sslBundle() != null) {
			settings = settings.withSslBundle(sslBundles.getBundle(connection.sslBundle()));
		}
		RestClient.Builder configured = builder.clone()
			.baseUrl(connection.url().toString())
			.requestFactory(ClientHttpRequestFactoryBuilder.jdk()
				.withHttpClientCustomizer((http) -> http.version(HttpClient.Version.HTTP_1_1))
				.build(settings));
		if (connection.apiKey() != null) {
			configured.defaultHeaders((headers) -> headers.setBearerAuth(connection.apiKey()));
		}
		this.client = configured.build();
	}

	/**
	 * Posts {@code body} as JSON to {@code uriTemplate} (relative to the base URL).
	 * @param operation how messages name the call, e.g. {@code refund}
	 * @param uriTemplate with {@code {placeholders}}: the template, never the filled-in
	 * path, is the timer's {@code uri} tag
	 * @return the partner's JSON answer to a 2xx
	 * @throws PartnerUnavailableException the {@code unknown} exception
	 * @throws RuntimeException the {@code refused} exception
	 */
	public JsonNode post(String operation, String uriTemplate, String idempotencyKey, JsonNode body,
			Object... uriVariables) {
		long started = System.nanoTime();
		try {
			return this.client.post()
				.uri(uriTemplate, uriVariables)
				.header("Idempotency-Key", idempotencyKey)
				.contentType(MediaType.APPLICATION_JSON)
				.body(body.toString())
				.exchange((request, response) -> read(operation, response));
		}
		catch (ResourceAccessException ex) {
			boolean late = ex.getCause() instanceof HttpTimeoutException
					|| System.nanoTime() - started >= this.connection.timeout().toNanos();
			String why = late ? "within " + this.connection.timeout().toMillis() + " ms"
					: "(" + ((ex.getCause() != null) ? ex.getCause().getClass().getSimpleName() : "I/O error") + ")";
			throw this.unknown.create(this.partner + " did not answer the " + operation + " " + why, false);
		}
	}

	private JsonNode read(String operation, ClientHttpResponse response) throws IOException {
		int status = response.getStatusCode().value();
		String requestId = requestId(response);
		long limit = this.connection.maxAnswerSize().toBytes();
		if (response.getHeaders().getContentLength() > limit) {
			throw tooLarge(operation, requestId);
		}
		byte[] answer = readAtMost(response.getBody(), limit + 1);
		if (answer.length > limit) {
			throw tooLarge(operation, requestId);
		}
		JsonNode json = json(answer);
		if (status / 100 == 2) {
			if (json == null) {
				throw this.unknown
					.create(this.partner + " answered the " + operation + " with invalid JSON" + requestId, false);
			}
			return json;
		}
		if (status / 100 == 4 && !UNKNOWN_CLIENT_ERRORS.contains(status) && json != null) {
			throw this.refused.apply(this.partner + " refused the " + operation + " with " + status + requestId);
		}
		if (ACCESS_REFUSED.contains(status)) {
			throw this.unknown.create(this.partner + " refused our " + ((status == 404) ? "address" : "credentials")
					+ " for the " + operation + " with " + status + requestId, true);
		}
		throw this.unknown.create(this.partner + " answered the " + operation + " with " + status + requestId, false);
	}

	private RuntimeException tooLarge(String operation, String requestId) {
		return this.unknown.create(this.partner + " gave an answer over "
				+ this.connection.maxAnswerSize().toKilobytes() + " KB to the " + operation + requestId, false);
	}

	/** {@code ", request <id>"} when the partner sent a plain {@code Request-Id}. */
	private static String requestId(ClientHttpResponse response) {
		String id = response.getHeaders().getFirst("Request-Id");
		return (id != null && REQUEST_ID.matcher(id).matches()) ? ", request " + id : "";
	}

	private static byte[] readAtMost(InputStream body, long limit) throws IOException {
		return (body != null) ? body.readNBytes((int) Math.min(limit, Integer.MAX_VALUE - 8)) : new byte[0];
	}

	/** The answer as a JSON object, or null when it is not one. */
	private static JsonNode json(byte[] answer) {
		try {
			JsonNode json = JSON.readTree(answer);
			return (json != null && json.isObject()) ? json : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

}
