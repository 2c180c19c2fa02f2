# The repository's command line. `make help` lists the targets.
#   make run  PIPELINE=analytics RUNNER=direct|flink ARGS="<pipeline options>"
#   make test
SHELL := /bin/bash
.DEFAULT_GOAL := help

PIPELINE ?= analytics
RUNNER   ?= direct
# The default run: 60 s of synthetic traffic at a rate the Direct runner keeps up with.
ARGS     ?= --maxEvents=6000 --eventsPerSecond=100
MVN      ?= mvn -B
VERSION  := 0.1.0-SNAPSHOT
JAR      := pipelines/target/pipelines-bundled-$(VERSION).jar
SOURCES  := $(shell find pom.xml */pom.xml */src/main -type f 2>/dev/null)
PIPELINES := analytics fraud iot recommendations

RUNNER_FLAGS_direct := --runner=DirectRunner
RUNNER_FLAGS_flink  := --runner=FlinkRunner --flinkMaster=[local] --parallelism=2

.PHONY: help run test build bench kafka-up kafka-down produce flink-up flink-down template clean

help: ## this list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

build: $(JAR) ## build the bundled jar (skips tests)

$(JAR): $(SOURCES)
	$(MVN) -q install -DskipTests
	@touch $(JAR)

run: $(JAR) ## run PIPELINE on RUNNER (direct|flink) with ARGS
	@if [[ ! " $(PIPELINES) " =~ " $(PIPELINE) " ]]; then \
	  echo "PIPELINE=$(PIPELINE) is not available; choose one of: $(PIPELINES)" >&2; exit 2; fi
	@case "$(RUNNER)" in \
	  direct|flink) ;; \
	  flink-cluster|dataflow) echo "RUNNER=$(RUNNER) is not wired yet (see the runners issue); use direct or flink" >&2; exit 2;; \
	  *) echo "RUNNER=$(RUNNER) is unknown; choose direct or flink" >&2; exit 2;; \
	esac
	java -jar $(JAR) $(PIPELINE) $(RUNNER_FLAGS_$(RUNNER)) $(ARGS)

test: ## run every test (unit, TestStream, file fixtures on Direct and embedded Flink; Terraform checks)
	$(MVN) test
	terraform/check.sh

KAFKA_PORT ?= 9092
KAFKA_DIR  ?= build/kafka
KAFKA_CLI   = $(MVN) -q -Dstyle.color=never -pl testing install exec:java -DskipTests \
              -Dexec.classpathScope=test -Dexec.mainClass=dev.streamtemplates.testing.kafka.KafkaBrokerCli

kafka-up: ## start a local Kafka broker (KRaft, from Maven jars) on 127.0.0.1:KAFKA_PORT (9092)
	@$(KAFKA_CLI) -Dexec.args="up --port $(KAFKA_PORT) --dir $(KAFKA_DIR)"

RATE   ?= 200
TOPIC  ?= $(PIPELINE)-in
EVENTS ?=
produce: $(JAR) ## feed TOPIC ($(PIPELINE)-in) on the local broker with PIPELINE's synthetic traffic at RATE/s (EVENTS: stop after)
	java -jar $(JAR) produce $(PIPELINE) --kafkaBootstrapServers=127.0.0.1:$(KAFKA_PORT) --topic=$(TOPIC) \
	  --eventsPerSecond=$(RATE) $(if $(EVENTS),--maxEvents=$(EVENTS))

kafka-down: ## stop the local Kafka broker started by kafka-up
	@$(KAFKA_CLI) -Dexec.args="down --dir $(KAFKA_DIR)"

bench flink-up flink-down template: ## (not yet available: see the open issues)
	@echo "make $@ is not available yet: it arrives with its issue (Kafka, runners, benchmarks)." >&2; exit 2

clean: ## remove build output
	$(MVN) -q clean
