// The Prisma client of the notifications database (the kit's factory: Prisma 7 without engines, @prisma/adapter-pg).
import { Injectable } from '@nestjs/common';
import { prismaServiceFor } from '@sla-desk/subgraph';
import { PrismaClient } from './generated/prisma/client';

@Injectable()
export class PrismaService extends prismaServiceFor(PrismaClient) {}
