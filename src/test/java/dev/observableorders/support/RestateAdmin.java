package dev.observableorders.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** Restate's admin API: SQL introspection of invocations, journals and state. */
public final class RestateAdmin {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final HttpClient http = HttpClient.newHttpClient();

	private final URI base;

	public RestateAdmin(URI base) {
		this.base = base;
	}

	/** Registers the endpoint at {@code endpoint}, as an operator does with the CLI. */
	public void register(URI endpoint) {
		String body = JsonNodeFactory.instance.objectNode().put("uri", endpoint.toString()).toString();
		HttpRequest request = HttpRequest.newBuilder(this.base.resolve("/deployments"))
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() / 100 != 2) {
				throw new IllegalStateException("Restate refused " + endpoint + ": " + response.body());
			}
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
	 * The unfinished {@code ProcessOrder} invocation of an order, as an operator finds it
	 * in the UI or with {@code restate invocations list}; null when there is none.
	 */
	public String unfinishedProcessOrder(String orderId) {
		JsonNode rows = query("SELECT id FROM sys_invocation WHERE target_service_name = 'OrderService'"
				+ " AND target_service_key = '" + orderId + "' AND scope IS NULL"
				+ " AND target_handler_name = 'ProcessOrder' AND status <> 'completed'");
		return rows.isEmpty() ? null : rows.path(0).path("id").asText();
	}

	/**
	 * Stops an invocation at once, without letting its handler compensate:
	 * {@code restate invocations kill}.
	 */
	public void kill(String invocationId) {
		patch("/invocations/" + invocationId + "/kill");
	}

	/**
	 * Asks an invocation to stop: its handler sees a cancellation at the step it waits on
	 * and may compensate. {@code restate invocations cancel}.
	 */
	public void cancel(String invocationId) {
		patch("/invocations/" + invocationId + "/cancel");
	}

	private void patch(String path) {
		send(HttpRequest.newBuilder(this.base.resolve(path))
			.method("PATCH", HttpRequest.BodyPublishers.noBody())
			.build(), "PATCH " + path + " answered");
	}

	/**
	 * Sends an admin request that must be answered 2xx; {@code refused} starts the error.
	 */
	private void send(HttpRequest request, String refused) {
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() / 100 != 2) {
				throw new IllegalStateException(refused + " " + response.statusCode() + " " + response.body());
			}
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
	 * Replaces a virtual object's state as an operator does ({@code POST
	 * /services/{service}/state}); Restate applies it asynchronously.
	 */
	public void replaceState(String service, String key, Map<String, byte[]> state) {
		ObjectNode body = JsonNodeFactory.instance.objectNode().put("object_key", key);
		ObjectNode newState = body.putObject("new_state");
		state.forEach((name, bytes) -> {
			ArrayNode array = newState.putArray(name);
			for (byte b : bytes) {
				array.add(b & 0xff);
			}
		});
		send(HttpRequest.newBuilder(this.base.resolve("/services/" + service + "/state"))
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body.toString()))
			.build(), "Restate refused the state of " + key + ":");
	}

	/**
	 * Rows of a SQL query; {@code accept: application/json}, else the answer is Arrow.
	 */
	public JsonNode query(String sql) {
		String body = JsonNodeFactory.instance.objectNode().put("query", sql).toString();
		HttpRequest request = HttpRequest.newBuilder(this.base.resolve("/query"))
			.header("accept", "application/json")
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("Query failed: " + response.statusCode() + " " + response.body());
			}
			return JSON.readTree(response.body()).path("rows");
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
	 * The journal entry types of the invocation that carried {@code invocationId}, in
	 * order.
	 */
	public java.util.List<String> journal(String invocationId) {
		java.util.List<String> entries = new java.util.ArrayList<>();
		query("SELECT entry_type FROM sys_journal WHERE id = '" + invocationId + "' ORDER BY index")
			.forEach((row) -> entries.add(row.path("entry_type").asText()));
		return entries;
	}

}
