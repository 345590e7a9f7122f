package dev.observableorders.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.observableorders.partner.PartnerConnection;
import dev.observableorders.support.StubWarehouse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.util.unit.DataSize;
import org.springframework.web.client.RestClient;

/** The warehouse client against a real HTTP warehouse (the test stub, on loopback). */
class HttpWarehouseTest {

	private final StubWarehouse stub = new StubWarehouse();

	private final HttpWarehouse warehouse = warehouse(this.stub.url(), Duration.ofSeconds(1));

	@AfterEach
	void stop() {
		this.stub.close();
	}

	private static HttpWarehouse warehouse(URI url, Duration timeout) {
		return new HttpWarehouse(new PartnerConnection(url, timeout, DataSize.ofKilobytes(64), null, null),
				RestClient.builder(), new DefaultSslBundleRegistry());
	}

	private static FulfillmentRequest handover(String orderId) {
		return new FulfillmentRequest(orderId, "cust-1", List.of("book"), "order:" + orderId + ":fulfillment");
	}

	private static CancelRequest cancel(String orderId) {
		return new CancelRequest(orderId, "order:" + orderId + ":fulfillment", "order:" + orderId + ":cancel");
	}

	@Test
	void aRepeatedHandOverGetsTheFirstShipmentAndShipsOnce() {
		FulfillmentDecision first = this.warehouse.fulfil(handover("o-1"));
		FulfillmentDecision again = this.warehouse.fulfil(handover("o-1"));

		assertThat(first.accepted()).isTrue();
		assertThat(first.shipmentId()).startsWith("shp_");
		assertThat(again).isEqualTo(first);
		assertThat(this.stub.shipments("o-1")).isEqualTo(1);
		assertThat(this.stub.requests()).isEqualTo(2);
	}

	@Test
	void aWarehouseThatIsDownLeavesTheOutcomeUnknownAndShipsNothing() {
		this.stub.down(true);

		assertThatThrownBy(() -> this.warehouse.fulfil(handover("o-2")))
			.isInstanceOf(FulfillmentUnavailableException.class)
			.hasMessageStartingWith("warehouse answered the hand-over with 503");
		assertThat(this.stub.shipments("o-2")).isZero();

		this.stub.down(false);
		assertThat(this.warehouse.fulfil(handover("o-2")).accepted()).isTrue();
	}

	@Test
	void aRefusalWithAJsonBodyIsAnAnswerButCredentialsAndAddressesAreNot() {
		this.stub.answer(422, "{\"error\":\"we do not ship there\"}");
		assertThat(this.warehouse.fulfil(handover("o-7"))).satisfies((decision) -> {
			assertThat(decision.accepted()).isFalse();
			assertThat(decision.refusal()).startsWith("warehouse refused the hand-over with 422, request req_");
		});

		for (int status : new int[] { 401, 403, 404, 407, 408, 409, 429 }) {
			this.stub.answer(status, "{\"error\":\"no\"}");
			assertThatThrownBy(() -> this.warehouse.fulfil(handover("o-7"))).as("%d", status)
				.isInstanceOf(FulfillmentUnavailableException.class)
				.satisfies((ex) -> assertThat(((FulfillmentUnavailableException) ex).accessRefused())
					.isEqualTo(status == 401 || status == 403 || status == 404 || status == 407));
		}
	}

	@Test
	void warehouseTextNeverReachesTheMessage() {
		this.stub.answer(422, "{\"error\":\"Jane Doe, 5 Elm St\"}");
		assertThat(this.warehouse.fulfil(handover("o-3")).refusal()).doesNotContain("Jane");

		this.stub.answer(200, "{\"shipmentId\":\"to Jane Doe <script>\"}");
		assertThatThrownBy(() -> this.warehouse.fulfil(handover("o-3")))
			.isInstanceOf(FulfillmentUnavailableException.class)
			.hasMessage("warehouse answered the hand-over without a plain shipment id");

		this.stub.answer(200, "Jane Doe");
		assertThatThrownBy(() -> this.warehouse.fulfil(handover("o-3")))
			.hasMessageStartingWith("warehouse answered the hand-over with invalid JSON")
			.hasMessageNotContaining("Jane");
	}

	@Test
	void anOversizedAnswerIsRefusedUnread() {
		this.stub.answer(200, "{\"shipmentId\":\"shp_1\",\"pad\":\"" + "x".repeat(70_000) + "\"}");

		assertThatThrownBy(() -> this.warehouse.fulfil(handover("o-4")))
			.isInstanceOf(FulfillmentUnavailableException.class)
			.hasMessageStartingWith("warehouse gave an answer over 64 KB to the hand-over");
	}

	@Test
	void aWarehouseThatNeverAnswersIsUnknownWhenTheTimeoutPasses() throws IOException {
		// accepts connections and never answers
		com.sun.net.httpserver.HttpServer silent = com.sun.net.httpserver.HttpServer
			.create(new InetSocketAddress("127.0.0.1", 0), 10);
		silent.createContext("/shipments", (exchange) -> {
		});
		silent.start();
		try {
			HttpWarehouse slow = warehouse(URI.create("http://127.0.0.1:" + silent.getAddress().getPort()),
					Duration.ofMillis(300));

			assertThatThrownBy(() -> slow.fulfil(handover("o-5"))).isInstanceOf(FulfillmentUnavailableException.class)
				.hasMessage("warehouse did not answer the hand-over within 300 ms");
		}
		finally {
			silent.stop(0);
		}
	}

	@Test
	void nobodyListeningIsUnknown() {
		this.stub.close();

		assertThatThrownBy(() -> this.warehouse.fulfil(handover("o-6")))
			.isInstanceOf(FulfillmentUnavailableException.class)
			.hasMessageStartingWith("warehouse did not answer the hand-over");
	}

	@Test
	void aCancelStopsAShipmentNotYetLeftFindsNothingOrReportsTheOneThatShipped() {
		this.warehouse.fulfil(handover("o-8"));
		assertThat(this.warehouse.cancel(cancel("o-8"))).isEqualTo(CancelOutcome.cancelled());
		assertThat(this.stub.ledger()).singleElement().extracting("cancelled").isEqualTo(true);

		assertThat(this.warehouse.cancel(cancel("o-9"))).isEqualTo(CancelOutcome.notFound());
		assertThat(this.warehouse.fulfil(handover("o-9")).accepted()).as("a late hand-over under a cancelled key")
			.isFalse();
		assertThat(this.stub.shipments("o-9")).isZero();

		this.stub.dispatch(true);
		String shipped = this.warehouse.fulfil(handover("o-10")).shipmentId();
		assertThat(this.warehouse.cancel(cancel("o-10"))).isEqualTo(CancelOutcome.shipped(shipped));
	}

	@Test
	void aCancelRefusedOrAnsweredOddlyIsFinalButAnOutageIsNot() {
		this.stub.answerCancels(422, "{\"error\":\"too late to cancel, Jane\"}");
		assertThatThrownBy(() -> this.warehouse.cancel(cancel("o-11"))).isInstanceOf(FulfillmentRejectedException.class)
			.hasMessageStartingWith("warehouse refused the cancel with 422")
			.hasMessageNotContaining("Jane");

		this.stub.answerCancels(200, "{\"status\":\"maybe\"}");
		assertThatThrownBy(() -> this.warehouse.cancel(cancel("o-11"))).isInstanceOf(FulfillmentRejectedException.class)
			.hasMessage("warehouse gave an unexpected answer to the cancel");

		this.stub.answerCancels(0, null);
		this.stub.down(true);
		assertThatThrownBy(() -> this.warehouse.cancel(cancel("o-11")))
			.isInstanceOf(FulfillmentUnavailableException.class);
	}

}
