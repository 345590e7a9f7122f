package dev.observableorders.restate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Restate's admin API as far as this service reads it: SQL over its introspection tables
 * ({@code sys_invocation}, {@code sys_deployment}, ...), asked by
 * {@link RestateStatePoller} on a schedule and by {@link RestateIntrospection} on demand.
 * Available when {@code restate.deployment.admin-url} is set.
 *
 * <p>
 * Every call has one deadline, the answer's body included (Spring's JDK request applies
 * its read timeout from the send), and answers over {@link #MAX_ANSWER} bytes are refused
 * unread: a hung or misbehaving admin API holds a poller or a page view for the deadline
 * at most, and never fills the heap.
 */
class RestateAdminApi {

	/** Restate's largest answer we read: an order page's journals are far below it. */
	static final int MAX_ANSWER = 8 * 1024 * 1024;

	/** A query's deadline: the order pages and the pollers wait no longer. */
	static final Duration QUERY_DEADLINE = Duration.ofSeconds(5);

	/** Registration includes Restate calling the endpoint back for discovery. */
	static final Duration REGISTRATION_DEADLINE = Duration.ofSeconds(30);

	private static final ObjectMapper JSON = new ObjectMapper();

	private final URI adminUrl;

	private final Caller queries;

	private final Caller registrations;

	RestateAdminApi(URI adminUrl) {
		this(adminUrl, QUERY_DEADLINE);
	}

	RestateAdminApi(URI adminUrl, Duration queryDeadline) {
		this.adminUrl = adminUrl;
		this.queries = client(adminUrl, queryDeadline);
		this.registrations = client(adminUrl, REGISTRATION_DEADLINE);
	}

	/** A client and its deadline. */
	private record Caller(RestClient client, Duration deadline) {
	}

	private static Caller client(URI adminUrl, Duration deadline) {
		HttpClientSettings settings = HttpClientSettings.defaults()
			.withTimeouts(Duration.ofSeconds(2), deadline)
			.withRedirects(HttpRedirects.DONT_FOLLOW);
		RestClient.Builder builder = RestClient.builder()
			.requestFactory(ClientHttpRequestFactoryBuilder.jdk().build(settings));
		return new Caller((adminUrl != null) ? builder.baseUrl(adminUrl.toString()).build() : builder.build(),
				deadline);
	}

	boolean available() {
		return this.adminUrl != null;
	}

	/**
	 * {@code POST /deployments}: asks Restate to discover the endpoint at
	 * {@code deployment}.
	 * @throws java.net.ConnectException when nothing listens at the admin URL yet
	 */
	Answer registerDeployment(URI deployment, boolean force) throws IOException {
		String body = JSON.createObjectNode().put("uri", deployment.toString()).put("force", force).toString();
		return post(this.registrations, "/deployments", body);
	}

	/** Restate's answer: status code and body. */
	record Answer(int status, String body) {
	}

	/**
	 * The first row's columns as numbers (SQL NULL, e.g. the {@code sum} of no rows, as
	 * 0), in the query's column order; empty when there is no row.
	 * @throws IOException when Restate cannot be asked or refuses the query
	 */
	Map<String, Long> firstRow(String sql) throws IOException {
		Map<String, Long> columns = new LinkedHashMap<>();
		query(sql).path(0).properties().forEach((column) -> columns.put(column.getKey(), column.getValue().asLong()));
		return columns;
	}

	/**
	 * Every row, each column as a string, a number, a boolean or null, in the query's
	 * column order.
	 * @throws IOException when Restate cannot be asked or refuses the query
	 */
	List<Map<String, Object>> rows(String sql) throws IOException {
		List<Map<String, Object>> rows = new ArrayList<>();
		for (JsonNode row : query(sql)) {
			Map<String, Object> columns = new LinkedHashMap<>();
			row.properties().forEach((column) -> columns.put(column.getKey(), value(column.getValue())));
			rows.add(columns);
		}
		return rows;
	}

	private JsonNode query(String sql) throws IOException {
		Answer answer = post(this.queries, "/query", JSON.createObjectNode().put("query", sql).toString());
		if (answer.status() != 200) {
			throw new IOException("Restate refused the query: " + answer.status() + " " + shortened(answer.body()));
		}
		return JSON.readTree(answer.body()).path("rows");
	}

	private static Answer post(Caller caller, String path, String body) throws IOException {
		long started = System.nanoTime();
		try {
			return caller.client()
				.post()
				.uri(path)
				// without it a query's answer is Arrow, not JSON
				.accept(MediaType.APPLICATION_JSON)
				.contentType(MediaType.APPLICATION_JSON)
				.body(body)
				.exchange((request, response) -> new Answer(response.getStatusCode().value(), read(response)));
		}
		catch (ResourceAccessException ex) {
			throw late(caller, started,
					(ex.getCause() instanceof IOException cause) ? cause : new IOException(ex.getMessage(), ex));
		}
		catch (Exception ex) {
			// the exchange's reader rethrows its IOException undeclared
			if (ex instanceof IOException io) {
				throw late(caller, started, io);
			}
			throw ex;
		}
	}

	/**
	 * At the deadline the body's stream is closed under the reader ("closed"): say what
	 * happened instead. A ConnectException (not up yet) stays as it is.
	 */
	private static IOException late(Caller caller, long started, IOException ex) {
		if (System.nanoTime() - started < caller.deadline().toNanos()) {
			return ex;
		}
		HttpTimeoutException late = new HttpTimeoutException(
				"Restate's admin API did not answer within " + caller.deadline().toMillis() + " ms");
		late.initCause(ex);
		return late;
	}

	private static String read(ClientHttpResponse response) throws IOException {
		if (response.getHeaders().getContentLength() > MAX_ANSWER) {
			throw new IOException("Restate's answer is over " + MAX_ANSWER + " bytes: not read");
		}
		try (InputStream body = response.getBody()) {
			byte[] answer = body.readNBytes(MAX_ANSWER + 1);
			if (answer.length > MAX_ANSWER) {
				throw new IOException("Restate's answer is over " + MAX_ANSWER + " bytes: not read");
			}
			return new String(answer, StandardCharsets.UTF_8);
		}
	}

	private static String shortened(String text) {
		return (text.length() <= 300) ? text : text.substring(0, 300) + "…";
	}

	private static Object value(JsonNode node) {
		if (node.isNull() || node.isMissingNode()) {
			return null;
		}
		if (node.isIntegralNumber()) {
			return node.asLong();
		}
		if (node.isNumber()) {
			return node.asDouble();
		}
		if (node.isBoolean()) {
			return node.asBoolean();
		}
		return node.isValueNode() ? node.asText() : node.toString();
	}

}
