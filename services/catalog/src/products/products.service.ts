// Products and their components (what tickets are about). Names are unique: a product's among products, a
// component's within its product.
import { Injectable } from '@nestjs/common';
import { badUserInput } from '@sla-desk/auth';
import { requireText, requireUuid } from '@sla-desk/subgraph';
import { Prisma, type Component, type Product } from '../generated/prisma/client';
import type { AddComponentInput, CreateProductInput } from '../graphql/types';
import { PrismaService } from '../prisma.service';

export const MAX_NAME_LENGTH = 200;
export const MAX_DESCRIPTION_LENGTH = 4000;

@Injectable()
export class ProductsService {
  constructor(private readonly prisma: PrismaService) {}

  list(): Promise<Product[]> {
    return this.prisma.product.findMany({ orderBy: { name: 'asc' } });
  }

  findManyByIds(ids: readonly string[]): Promise<Product[]> {
    return this.prisma.product.findMany({ where: { id: { in: [...ids] } } });
  }

  findComponentsByIds(ids: readonly string[]): Promise<Component[]> {
    return this.prisma.component.findMany({ where: { id: { in: [...ids] } } });
  }

  componentsOf(productId: string): Promise<Component[]> {
    return this.prisma.component.findMany({ where: { productId }, orderBy: { name: 'asc' } });
  }

  async create(input: CreateProductInput): Promise<Product> {
    const name = requireText(input.name, 'name', MAX_NAME_LENGTH);
    const description = input.description?.trim()
      ? requireText(input.description, 'description', MAX_DESCRIPTION_LENGTH, { multiline: true })
      : '';
    const taken = () => badUserInput(`There is already a product ${name}`, { field: 'name' });
    if (await this.prisma.product.findUnique({ where: { name }, select: { id: true } })) throw taken();
    return this.prisma.product.create({ data: { name, description } }).catch(uniqueViolationAs(taken));
  }

  async addComponent(input: AddComponentInput): Promise<Component> {
    const productId = requireUuid(input.productId, 'productId');
    const name = requireText(input.name, 'name', MAX_NAME_LENGTH);
    return this.prisma.$transaction(async (tx) => {
      if (!(await tx.product.findUnique({ where: { id: productId }, select: { id: true } }))) {
        throw badUserInput('No such product', { field: 'productId' });
      }
      const taken = () => badUserInput(`The product already has a component ${name}`, { field: 'name' });
      if (await tx.component.findUnique({ where: { productId_name: { productId, name } }, select: { id: true } })) throw taken();
      return tx.component.create({ data: { productId, name } }).catch(uniqueViolationAs(taken));
    });
  }
}

/** A concurrent writer took the name between the check and the insert: the same answer as the check's. */
function uniqueViolationAs(error: () => Error) {
  return (cause: unknown): never => {
    if (cause instanceof Prisma.PrismaClientKnownRequestError && cause.code === 'P2002') throw error();
    throw cause;
  };
}
