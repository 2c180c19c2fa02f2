# A private VPC for MSK and the Flink applications: one subnet per availability zone, and no
# internet route unless internet_egress is set. Managed Flink loads the jar from S3 and ships
# logs to CloudWatch itself, so the applications only need to reach the brokers; egress (one
# NAT gateway) is for admin hosts in the VPC, e.g. the one that creates the topics. Two security groups: `clients` for the
# Flink applications (and any host that bootstraps topics), `brokers` for MSK, which accepts
# only clients on the IAM-authenticated TLS port 9098.

terraform {
  required_version = ">= 1.9"
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 5.60, < 6.0" }
  }
}

variable "name" {
  description = "Name of the VPC and prefix of its parts."
  type        = string
}

variable "cidr_block" {
  description = "VPC address range."
  type        = string
  default     = "10.40.0.0/16"
}

variable "availability_zones" {
  description = "Zones to put a subnet in; MSK needs at least two."
  type        = list(string)

  validation {
    condition     = length(var.availability_zones) >= 2 && length(distinct(var.availability_zones)) == length(var.availability_zones)
    error_message = "availability_zones must list at least two distinct zones (MSK spreads brokers across them)."
  }
}

variable "internet_egress" {
  description = "Add a public subnet, an internet gateway and a NAT gateway so that hosts in the private subnets reach the internet."
  type        = bool
  default     = false
}

resource "aws_vpc" "this" {
  cidr_block           = var.cidr_block
  enable_dns_support   = true
  enable_dns_hostnames = true # MSK broker names resolve inside the VPC
  tags                 = { Name = var.name }
}

resource "aws_subnet" "private" {
  for_each = { for i, az in var.availability_zones : az => i }

  vpc_id            = aws_vpc.this.id
  availability_zone = each.key
  cidr_block        = cidrsubnet(var.cidr_block, 8, each.value)
  tags              = { Name = "${var.name}-${each.key}" }
}

resource "aws_internet_gateway" "this" {
  count  = var.internet_egress ? 1 : 0
  vpc_id = aws_vpc.this.id
  tags   = { Name = var.name }
}

resource "aws_subnet" "public" {
  count             = var.internet_egress ? 1 : 0
  vpc_id            = aws_vpc.this.id
  availability_zone = var.availability_zones[0]
  cidr_block        = cidrsubnet(var.cidr_block, 8, 255)
  tags              = { Name = "${var.name}-public" }
}

resource "aws_route_table" "public" {
  count  = var.internet_egress ? 1 : 0
  vpc_id = aws_vpc.this.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.this[0].id
  }
  tags = { Name = "${var.name}-public" }
}

resource "aws_route_table_association" "public" {
  count          = var.internet_egress ? 1 : 0
  subnet_id      = aws_subnet.public[0].id
  route_table_id = aws_route_table.public[0].id
}

resource "aws_eip" "nat" {
  count  = var.internet_egress ? 1 : 0
  domain = "vpc"
  tags   = { Name = "${var.name}-nat" }
}

resource "aws_nat_gateway" "this" {
  count         = var.internet_egress ? 1 : 0
  subnet_id     = aws_subnet.public[0].id
  allocation_id = aws_eip.nat[0].id
  tags          = { Name = var.name }
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.this.id
  tags   = { Name = "${var.name}-private" }

  dynamic "route" {
    for_each = aws_nat_gateway.this
    content {
      cidr_block     = "0.0.0.0/0"
      nat_gateway_id = route.value.id
    }
  }
}

resource "aws_route_table_association" "private" {
  for_each       = aws_subnet.private
  subnet_id      = each.value.id
  route_table_id = aws_route_table.private.id
}

resource "aws_security_group" "clients" {
  name        = "${var.name}-kafka-clients"
  description = "Flink applications and admin hosts that talk to MSK"
  vpc_id      = aws_vpc.this.id
}

resource "aws_security_group" "brokers" {
  name        = "${var.name}-kafka-brokers"
  description = "MSK brokers: IAM-authenticated TLS from clients only"
  vpc_id      = aws_vpc.this.id
}

resource "aws_vpc_security_group_ingress_rule" "brokers_from_clients" {
  security_group_id            = aws_security_group.brokers.id
  referenced_security_group_id = aws_security_group.clients.id
  ip_protocol                  = "tcp"
  from_port                    = 9098
  to_port                      = 9098
  description                  = "Kafka, SASL/IAM over TLS"
}

# Admin hosts in the clients group fetch tools over HTTPS when internet_egress is set.
resource "aws_vpc_security_group_egress_rule" "clients_https" {
  count             = var.internet_egress ? 1 : 0
  security_group_id = aws_security_group.clients.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  description       = "HTTPS, for admin hosts (internet_egress)"
}

resource "aws_vpc_security_group_egress_rule" "clients_to_brokers" {
  security_group_id            = aws_security_group.clients.id
  referenced_security_group_id = aws_security_group.brokers.id
  ip_protocol                  = "tcp"
  from_port                    = 9098
  to_port                      = 9098
  description                  = "Kafka, SASL/IAM over TLS"
}

output "vpc_id" {
  description = "The VPC."
  value       = aws_vpc.this.id
}

output "subnet_ids" {
  description = "Private subnets, one per zone, in the order of availability_zones."
  value       = [for az in var.availability_zones : aws_subnet.private[az].id]
}

output "client_security_group_id" {
  description = "Security group for Kafka clients."
  value       = aws_security_group.clients.id
}

output "broker_security_group_id" {
  description = "Security group of the brokers."
  value       = aws_security_group.brokers.id
}
