// The Prisma client of the catalog database (the kit's factory: Prisma 7 without engines, @prisma/adapter-pg).
import { Injectable } from '@nestjs/common';
import { prismaServiceFor } from '@sla-desk/subgraph';
import { PrismaClient } from './generated/prisma/client';

@Injectable()
export class PrismaService extends prismaServiceFor(PrismaClient) {}

/** A Prisma transaction client (what `$transaction(async (tx) => …)` hands over). */
export type Tx = Parameters<Parameters<PrismaService['$transaction']>[0]>[0];
