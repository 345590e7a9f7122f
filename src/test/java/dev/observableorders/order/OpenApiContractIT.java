package dev.observableorders.order;

import static dev.observableorders.support.ScriptedPartners.DECLINED;
import static dev.observableorders.support.ScriptedPartners.GATEWAY_DOWN;
import static dev.observableorders.support.ScriptedPartners.WAREHOUSE_DOWN;
import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.observableorders.support.Ingress;
import dev.observableorders.support.Ingress.Reply;
import dev.observableorders.support.RealRestateTest;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document Restate publishes for {@code OrderService}, fetched from the real
 * server, describes the wire: real requests and answers validate against it, so a client
 * generated from it accepts what the service sends.
 */
class OpenApiContractIT extends RealRestateTest {

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

	private JsonNode openApi;

	@BeforeEach
	void fetchTheOpenApiDocument() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(restate.adminUrl().resolve("/services/OrderService/openapi")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		this.openApi = JSON.readTree(response.body());
	}

	@Test
	void theSeedsOrderIsAValidRequest() {
		assertThat(errors("ProcessOrderRequest", Ingress.seedOrder("contract-req", "cust-1"))).isEmpty();
		assertThat(schema("ProcessOrderRequest").path("required").toString()).contains("customerId", "items", "total");
	}

	@Test
	void everyAnswerProcessOrderGivesMatchesItsSchema() {
		for (String customer : List.of("cust-1", DECLINED + "1", GATEWAY_DOWN + "1", WAREHOUSE_DOWN + "1")) {
			String id = "contract-" + customer;
			Reply reply = this.ingress.processOrder(id, Ingress.seedOrder(id, customer));

			assertThat(reply.status()).as(customer).isEqualTo(200);
			assertThat(errors("ProcessOrderResponse", reply.body())).as(reply.body()).isEmpty();
			assertThat(errors("GetStatusResponse", this.ingress.getStatus(id).body())).as(id).isEmpty();
		}
	}

	@Test
	void notFoundAndRejectionsMatchTheirSchemas() {
		assertThat(errors("GetStatusResponse", this.ingress.getStatus("contract-never").body())).isEmpty();

		Reply invalid = this.ingress.processOrder("contract-invalid",
				"{\"customerId\":\"\",\"items\":[],\"total\":-1}");

		assertThat(invalid.status()).isEqualTo(400);
		assertThat(errors("RestateError", invalid.body())).as(invalid.body()).isEmpty();
		assertThat(errors("GetStatusResponse", this.ingress.getStatus("contract-invalid").body())).isEmpty();
	}

	@Test
	void statusIsDescribedAsSentAndOnlyAsSent() {
		assertThat(schema("ProcessOrderResponse").path("properties").path("status").path("enum").toString())
			.isEqualTo("[\"completed\",\"payment_declined\",\"validation_failed\",\"payment_failed\","
					+ "\"fulfillment_failed\",\"not_found\"]");
		assertThat(schema("ProcessOrderResponse").path("required").toString()).contains("orderId", "status", "message");
		assertThat(errors("ProcessOrderResponse", "{\"orderId\":\"o\",\"status\":\"COMPLETED\",\"message\":\"m\"}"))
			.as("a Java enum name is not on the wire")
			.isNotEmpty();
	}

	@Test
	void theServiceAndItsHandlersAreDescribedInOneCleanSentenceEach() {
		List<String> descriptions = List.of(this.openApi.path("info").path("description").asString(),
				this.openApi.at("/paths/~1restate~1call~1OrderService~1{key}~1ProcessOrder/post/description")
					.asString(),
				this.openApi.at("/paths/~1restate~1call~1OrderService~1{key}~1GetStatus/post/description").asString());

		assertThat(descriptions).allSatisfy(
				(text) -> assertThat(text).isNotBlank().endsWith(".").doesNotContain("{@", "<p>", "&#", "&lt;", "\n"));
	}

	private List<Error> errors(String component, String instance) {
		Schema schema = SCHEMAS.getSchema(schema(component).toString());
		return schema.validate(JSON.readTree(instance));
	}

	private JsonNode schema(String component) {
		JsonNode schema = this.openApi.path("components").path("schemas").path(component);
		assertThat(schema.isMissingNode()).as("component " + component).isFalse();
		return schema;
	}

}
