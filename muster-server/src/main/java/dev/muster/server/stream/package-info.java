/**
 * Streams out of {@code muster serve} (issue 18): {@link dev.muster.server.stream.MetricExporter}
 * takes the rounds the server's {@link dev.muster.server.metrics.MetricSampler} already samples,
 * keeps each metric group at its own interval, holds the last samples of every host in a bounded
 * ring buffer, and ships them in batches through a {@link dev.muster.server.stream.MetricSink}
 * (Kafka: {@link dev.muster.server.stream.KafkaSink}) with retry, exponential backoff with jitter,
 * and drop accounting. The sampler never waits for the sink. The record schema is
 * {@link dev.muster.server.stream.ExportRecord}.
 */
package dev.muster.server.stream;
