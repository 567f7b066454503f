import { describe, expect, it } from 'vitest';
import { asksForPerson, mentionsMoneyOrDispute } from '../../src-main/core/avito-bot/buyer-signals';

describe('avito bot buyer signals', () => {
  it.each([
    'Позовите менеджера, пожалуйста',
    'Можно с живым человеком поговорить?',
    'Вы бот?',
    'это робот отвечает?',
    'Соедините с оператором',
    'Перезвоните мне',
    'хочу поговорить с продавцом',
    'Дайте консультанта',
    'а можно позвать кого-нибудь из сотрудников',
    'Мне нужен нормальный человек, а не бот',
    'Свяжитесь со мной, пожалуйста, позовите хозяина',
  ])('«%s» asks for a person', (text) => {
    expect(asksForPerson(text)).toBe(true);
  });

  it.each([
    'Палатка рассчитана на 2 человека?',
    'Продавец, а доставка в Казань есть?',
    'Сколько стоит доставка?',
    'Работаете в выходные?',
    'Какая у вас работа с юрлицами?',
    'Есть ли размер M?',
  ])('«%s» does not ask for a person', (text) => {
    expect(asksForPerson(text)).toBe(false);
  });

  it.each([
    'Верните деньги',
    'Пришёл брак, коробка порвана',
    'Хочу оформить возврат',
    'Телефон не работает после зарядки',
    'Я напишу претензию и пойду в суд',
    'Вы меня обманули',
    'Где мои деньги?',
    'С карты списали дважды',
  ])('«%s» is about money or a dispute', (text) => {
    expect(mentionsMoneyOrDispute(text)).toBe(true);
  });

  it.each(['Сколько идёт доставка до Москвы?', 'А размер маломерит?', 'Какие цвета есть?', 'Спорт-костюм в наличии?'])(
    '«%s» is not about money or a dispute',
    (text) => {
      expect(mentionsMoneyOrDispute(text)).toBe(false);
    },
  );
});
