package dev.observableorders.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.observableorders.support.StubWarehouse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The warehouse client against a real HTTP warehouse (the test stub, on loopback). */
class HttpWarehouseTest {

	private final StubWarehouse stub = new StubWarehouse();

	private final HttpWarehouse warehouse = new HttpWarehouse(
			new WarehouseProperties(this.stub.url(), Duration.ofSeconds(1), DataSize.ofKilobytes(64)));

	@AfterEach
	void stop() {
		this.stub.close();
	}

	private static FulfillmentRequest handover(String orderId) {
		return new FulfillmentRequest(orderId, "cust-1", List.of("book"), "order:" + orderId + ":fulfillment");
	}

	@Test
	void aRepeatedHandOverGetsTheFirstShipmentAndShipsOnce() {
		String first = this.warehouse.fulfil(handover("o-1"));
		String again = this.warehouse.fulfil(handover("o-1"));

		assertThat(first).startsWith("shp_").isEqualTo(again);
		assertThat(this.stub.shipments("o-1")).isEqualTo(1);
		assertThat(this.stub.requests()).isEqualTo(2);
	}

	@Test
	void aWarehouseThatIsDownIsUnavailableAndShipsNothing() {
		this.stub.down(true);

		assertThatThrownBy(() -> this.warehouse.fulfil(handover("o-2")))
			.isInstanceOf(FulfillmentUnavailableException.class)
			.hasMessage("the warehouse answered the hand-over with 503");
		assertThat(this.stub.shipments("o-2")).isZero();

		this.stub.down(false);
		assertThat(this.warehouse.fulfil(handover("o-2"))).startsWith("shp_");
	}

	@Test
	void warehouseTextNeverReachesTheMessage() {
		this.stub.answer(422, "{\"error\":\"Jane Doe, 5 Elm St\"}");
		assertThatThrownBy(() -> this.warehouse.fulfil(handover("o-3")))
			.hasMessage("the warehouse answered the hand-over with 422");

		this.stub.answer(200, "{\"shipmentId\":\"to Jane Doe <script>\"}");
		assertThatThrownBy(() -> this.warehouse.fulfil(handover("o-3")))
			.isInstanceOf(FulfillmentUnavailableException.class)
			.hasMessage("the warehouse answered the hand-over without a plain shipment id");

		this.stub.answer(200, "Jane Doe");
		assertThatThrownBy(() -> this.warehouse.fulfil(handover("o-3")))
			.hasMessage("the warehouse answered the hand-over with invalid JSON");
	}

	@Test
	void anOversizedAnswerIsRefusedUnread() {
		this.stub.answer(200, "{\"shipmentId\":\"shp_1\",\"pad\":\"" + "x".repeat(70_000) + "\"}");

		assertThatThrownBy(() -> this.warehouse.fulfil(handover("o-4")))
			.isInstanceOf(FulfillmentUnavailableException.class)
			.hasMessage("the warehouse gave an answer over 64 KB to the hand-over");
	}

	@Test
	void aWarehouseThatNeverAnswersIsUnavailableWhenTheTimeoutPasses() throws IOException {
		// accepts connections and never answers
		com.sun.net.httpserver.HttpServer silent = com.sun.net.httpserver.HttpServer
			.create(new InetSocketAddress("127.0.0.1", 0), 10);
		silent.createContext("/shipments", (exchange) -> {
		});
		silent.start();
		try {
			HttpWarehouse slow = new HttpWarehouse(
					new WarehouseProperties(URI.create("http://127.0.0.1:" + silent.getAddress().getPort()),
							Duration.ofMillis(300), DataSize.ofKilobytes(64)));

			assertThatThrownBy(() -> slow.fulfil(handover("o-5"))).isInstanceOf(FulfillmentUnavailableException.class)
				.hasMessageStartingWith("the warehouse did not answer the hand-over within 300 ms");
		}
		finally {
			silent.stop(0);
		}
	}

	@Test
	void nobodyListeningIsUnavailable() {
		this.stub.close();

		assertThatThrownBy(() -> this.warehouse.fulfil(handover("o-6")))
			.isInstanceOf(FulfillmentUnavailableException.class)
			.hasMessageStartingWith("the warehouse did not answer the hand-over");
	}

}
