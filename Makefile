# The repository's command line. `make help` lists the targets.
#   make run  PIPELINE=analytics RUNNER=direct|flink|flink-cluster|dataflow ARGS="<pipeline options>"
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

# A Flink session cluster: make flink-up starts one here; FLINK_MASTER=host:port names any other.
# Streaming runs get checkpoints by default (pipelines/.../runtime/FlinkClusterDefaults.java).
FLINK_PORT        ?= 8081
FLINK_DIR         ?= build/flink
TASKMANAGERS      ?= 1
FLINK_MASTER      ?= localhost:$(FLINK_PORT)
FLINK_PARALLELISM ?= 2
RUNNER_FLAGS_flink-cluster = --runner=FlinkRunner --flinkMaster=$(FLINK_MASTER) --parallelism=$(FLINK_PARALLELISM)

# Google Cloud Dataflow. Runner tuning comes from a profile, templates/profiles/<name>.args.
PROJECT          ?=
REGION           ?=
BUCKET           ?=
DATAFLOW_PROFILE ?= streaming
DATAFLOW_TUNING   = $(shell grep -Ev '^[[:space:]]*(\#|$$)' templates/profiles/$(DATAFLOW_PROFILE).args)
RUNNER_FLAGS_dataflow = --runner=DataflowRunner --project=$(PROJECT) --region=$(REGION) \
  --tempLocation=gs://$(BUCKET)/temp --stagingLocation=gs://$(BUCKET)/staging/$(PIPELINE) $(DATAFLOW_TUNING)
NEEDS_GCP = missing=""; for v in PROJECT=$(PROJECT) REGION=$(REGION) BUCKET=$(BUCKET); do \
	  [[ -n "$${v\#*=}" ]] || missing="$$missing $${v%%=*}"; done; \
	if [[ -n "$$missing" ]]; then echo "$(1) needs PROJECT, REGION and BUCKET (missing:$$missing), e.g." \
	  "make $(1) PIPELINE=$(PIPELINE) PROJECT=my-project REGION=europe-west1 BUCKET=my-bucket" >&2; exit 2; fi

.PHONY: help run test build bench kafka-up kafka-down produce flink-up flink-down template template-metadata clean

help: ## this list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

build: $(JAR) ## build the bundled jar (skips tests)

$(JAR): $(SOURCES)
	$(MVN) -q install -DskipTests
	@touch $(JAR)

run: $(JAR) ## run PIPELINE on RUNNER (direct|flink|flink-cluster|dataflow) with ARGS
	@if [[ ! " $(PIPELINES) " =~ " $(PIPELINE) " ]]; then \
	  echo "PIPELINE=$(PIPELINE) is not available; choose one of: $(PIPELINES)" >&2; exit 2; fi
	@case "$(RUNNER)" in \
	  direct|flink) ;; \
	  flink-cluster) m="$(FLINK_MASTER)"; \
	    if ! timeout 3 bash -c "exec 3<>/dev/tcp/$${m%:*}/$${m##*:}" 2>/dev/null; then \
	      echo "No Flink cluster answers on $(FLINK_MASTER): start one with make flink-up," \
	        "or name yours with FLINK_MASTER=host:port" >&2; exit 2; fi;; \
	  dataflow) $(call NEEDS_GCP,run RUNNER=dataflow);; \
	  *) echo "RUNNER=$(RUNNER) is unknown; choose direct, flink, flink-cluster or dataflow" >&2; exit 2;; \
	esac
	java -jar $(JAR) $(PIPELINE) $(RUNNER_FLAGS_$(RUNNER)) $(ARGS)

test: ## run every test (unit, TestStream, file fixtures, Dataflow translation; a real Flink cluster; Terraform)
	$(MVN) verify
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

FLINK_CLI = $(MVN) -q -Dstyle.color=never -pl testing install exec:java -DskipTests \
            -Dexec.classpathScope=test -Dexec.mainClass=dev.streamtemplates.testing.flink.FlinkClusterCli

flink-up: ## start a local Flink 1.19 cluster (Maven jars): UI on localhost:FLINK_PORT (8081), TASKMANAGERS (1)
	@$(FLINK_CLI) -Dexec.args="up --port $(FLINK_PORT) --taskmanagers $(TASKMANAGERS) --dir $(FLINK_DIR)"

flink-down: ## stop the local Flink cluster started by flink-up
	@$(FLINK_CLI) -Dexec.args="down --dir $(FLINK_DIR)"

# Flex templates: the image (templates/<pipeline>/Dockerfile + the bundled jar) is built by Cloud
# Build into Artifact Registry; the spec goes to gs://BUCKET/templates/<pipeline>.json.
REPOSITORY   ?= dev-templates
TAG          ?= $(VERSION)
TEMPLATE_DIR  = build/templates/$(PIPELINE)
IMAGE         = $(REGION)-docker.pkg.dev/$(PROJECT)/$(REPOSITORY)/$(PIPELINE):$(TAG)
SPEC          = gs://$(BUCKET)/templates/$(PIPELINE).json
METADATA      = java -cp $(JAR) dev.streamtemplates.pipelines.runtime.FlexTemplateMetadata

template: $(JAR) ## build and stage PIPELINE's flex template (PROJECT, REGION, BUCKET; DRY_RUN=1 prints gcloud)
	@if [[ ! " $(PIPELINES) " =~ " $(PIPELINE) " ]]; then \
	  echo "PIPELINE=$(PIPELINE) is not available; choose one of: $(PIPELINES)" >&2; exit 2; fi
	@$(call NEEDS_GCP,template)
	@rm -rf $(TEMPLATE_DIR) && mkdir -p $(TEMPLATE_DIR)
	@cp templates/$(PIPELINE)/Dockerfile templates/$(PIPELINE)/metadata.json $(TEMPLATE_DIR)/
	@cp $(JAR) $(TEMPLATE_DIR)/pipelines-bundled.jar
	@$(METADATA) $(PIPELINE) $(TEMPLATE_DIR)/metadata.json >/dev/null
	@build=(gcloud builds submit --project=$(PROJECT) --region=$(REGION) --tag=$(IMAGE) $(TEMPLATE_DIR)); \
	spec=(gcloud dataflow flex-template build $(SPEC) --project=$(PROJECT) --image=$(IMAGE) \
	  --sdk-language=JAVA --metadata-file=$(TEMPLATE_DIR)/metadata.json); \
	if [[ -n "$(DRY_RUN)" ]]; then \
	  echo "# DRY_RUN: the image's build folder is $(TEMPLATE_DIR); these would run:"; \
	  echo "$${build[*]}"; echo "$${spec[*]}"; \
	else \
	  command -v gcloud >/dev/null || { echo "gcloud is not installed: install the Google Cloud CLI," \
	    "or print the commands with DRY_RUN=1" >&2; exit 2; }; \
	  set -x; "$${build[@]}" && "$${spec[@]}"; \
	fi
	@echo "# Start a job from it (parameters: templates/$(PIPELINE)/metadata.json; tuning: templates/profiles/):"
	@echo "gcloud dataflow flex-template run $(PIPELINE)-\$$(date +%Y%m%d-%H%M%S) --project=$(PROJECT) --region=$(REGION)" \
	  "--template-file-gcs-location=$(SPEC) --staging-location=gs://$(BUCKET)/staging/$(PIPELINE)" \
	  "--temp-location=gs://$(BUCKET)/temp/$(PIPELINE) --enable-streaming-engine --worker-machine-type=n2-standard-2" \
	  "--max-workers=4 --parameters=source=synthetic,eventsPerSecond=100"

template-metadata: $(JAR) ## regenerate templates/*/metadata.json from the pipelines' options interfaces
	@for p in $(PIPELINES); do $(METADATA) $$p templates/$$p/metadata.json; done

# make bench: every pipeline on Direct and Flink embedded (3 trials each), the native-Flink
# baseline, the memory runs, make run's keep-up check and the Kafka latency run; about 45 min on
# 2 cores. PIPELINE, RUNNER (direct|flink), EVENTS, REPS and PARTS narrow it, e.g.
#   make bench PIPELINE=fraud RUNNER=flink EVENTS=500000 PARTS=throughput
REPS  ?= 3
PARTS ?=
BENCH_ARGS = --docs=../docs --reps=$(REPS) \
  $(if $(filter command line environment,$(origin PIPELINE)),--pipelines=$(PIPELINE)) \
  $(if $(filter command line environment,$(origin RUNNER)),--runners=$(RUNNER)) \
  $(if $(EVENTS),--events=$(EVENTS)) $(if $(PARTS),--parts=$(PARTS))

bench: ## measure throughput, CPU, memory, latency and the native-Flink baseline into docs/BENCHMARKS.md
	$(MVN) -q install -DskipTests
	cd benchmarks && java -Xmx1g -Djava.awt.headless=true -cp "$$(cat target/bench.classpath):target/classes" \
	  dev.streamtemplates.benchmarks.Bench $(BENCH_ARGS)

clean: ## remove build output
	$(MVN) -q clean
